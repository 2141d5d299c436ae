package io.golib.processor.model;

/**
 * The golib names the processor looks for, as strings.
 *
 * <p>The processor refers to golib's types by name rather than by class literal: it runs inside
 * javac, where the user's golib-runtime (possibly another version than the one the processor was
 * built against) is on the compilation classpath, not on the processor path. Matching by name keeps
 * the two decoupled.
 */
public final class GolibNames {
    /** The annotation that marks a suspendable method. */
    public static final String GOROUTINE = "io.golib.Goroutine";

    /** The option that turns "call from a method that cannot park" warnings into errors. */
    public static final String OPTION_STRICT = "golib.strict";

    /** The value of {@code @SuppressWarnings} that silences golib's warnings (never its errors). */
    public static final String SUPPRESS = "golib";

    private GolibNames() {}
}
