package io.golib.runtime.stack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put by the transformer on every class it rewrote. The agent leaves such classes alone (so a
 * class rewritten at build time is not rewritten twice), and {@link Continuation} checks it to
 * fail fast when golib code runs with no instrumentation at all.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Instrumented {
    /** Version of the rewriting contract ({@link Stack#ABI_VERSION}) the class was rewritten for. */
    int value();
}
