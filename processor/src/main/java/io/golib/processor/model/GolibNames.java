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

    /** The annotation that makes a {@code main} method the main goroutine (a launcher is generated). */
    public static final String GO_MAIN = "io.golib.GoMain";

    /** golib's functional interface for a body that may park (select handlers take one). */
    public static final String GO_RUNNABLE = "io.golib.GoRunnable";

    /**
     * The marker that asks for golib's primitive channels ({@code IntChan}, ...) to be generated
     * into the annotated package: package-private in {@code io.golib.chan}, on its
     * {@code package-info.java}, so only the runtime's own compilation carries it.
     */
    public static final String PRIMITIVE_CHANNELS = "io.golib.chan.PrimitiveChannels";

    /** The class whose {@code run}/{@code call} the generated launcher calls. */
    public static final String GO = "io.golib.Go";

    /**
     * golib's continuation machinery: the driver ({@code Continuation.run}, which enters a body at
     * the root of a continuation and returns when it parks) and the hand-written parking
     * primitives. The transformer never rewrites this package (the agent's {@code ClassRewriter}
     * skips it), so the call-site checks, which judge calls by how the caller will be rewritten,
     * do not apply to code in it.
     */
    public static final String CONTINUATION_PACKAGE = "io.golib.runtime.stack";

    /**
     * JDK interface methods that golib's own types implement with {@code @Goroutine} methods (a
     * channel's iterator, {@code Mutex} as a {@code Lock}, {@code Cond} as a {@code Condition}),
     * as {@code owner.name} of no-argument methods. The agent makes calls to them suspension
     * points in classes that use golib's channels, sync or context (its {@code Abi.JDK_FACES}),
     * so an override of one with {@code @Goroutine} is not a park that callers cannot see.
     */
    public static final java.util.Set<String> JDK_FACES = java.util.Set.of(
            "java.util.Iterator.hasNext",
            "java.util.Iterator.next",
            "java.util.PrimitiveIterator.OfInt.nextInt",
            "java.util.PrimitiveIterator.OfInt.next",
            "java.util.PrimitiveIterator.OfLong.nextLong",
            "java.util.PrimitiveIterator.OfLong.next",
            "java.util.PrimitiveIterator.OfDouble.nextDouble",
            "java.util.PrimitiveIterator.OfDouble.next",
            "java.util.concurrent.locks.Lock.lock",
            "java.util.concurrent.locks.Lock.lockInterruptibly",
            "java.util.concurrent.locks.Condition.await");

    /** The option that turns "call from a method that cannot park" warnings into errors. */
    public static final String OPTION_STRICT = "golib.strict";

    /** The value of {@code @SuppressWarnings} that silences golib's warnings (never its errors). */
    public static final String SUPPRESS = "golib";

    private GolibNames() {}
}
