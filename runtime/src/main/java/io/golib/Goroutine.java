package io.golib;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that may park the goroutine running it: it, or something it calls, blocks on a
 * channel, select, lock, timer or socket.
 *
 * <p>golib's transformer (the {@code -javaagent}, or {@code golib-maven-plugin} at build time)
 * rewrites such methods into resumable state machines, so that parking unwinds the goroutine's
 * frames onto its heap stack instead of blocking the carrier thread:
 *
 * <pre>{@code
 * @Goroutine
 * static int sum(Chan<Integer> in) {
 *     int total = 0;
 *     for (Integer v : in) total += v;   // each receive may park
 *     return total;
 * }
 * }</pre>
 *
 * <p>Bodies of lambdas and classes implementing golib's functional interfaces ({@link GoRunnable},
 * {@link GoCallable}) are suspendable without the annotation. Called from a method that can not
 * park, a {@code @Goroutine} method still works: it blocks its thread instead of parking.
 *
 * <p>Not allowed on constructors or static initializers: an object under construction cannot be
 * resumed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Goroutine {}
