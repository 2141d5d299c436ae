package io.golib.tests.support;

import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;

/**
 * The two parking primitives as a test parameter, and identity functions that park before they
 * return their argument, one per JVM value kind, so a test can put a park anywhere in an
 * expression and check that the value comes back through the return registers intact.
 *
 * <p>Every method here is {@code @Goroutine} and adds one rewritten frame between the caller and
 * the primitive, so a caller's park is always at least two frames deep.
 */
public enum Park {
    /** {@link Continuation#park()}: unwinds; run() is simply called again to resume. */
    PARK,
    /** {@link Continuation#yieldNow()}: unwinds the same way, with parkKind YIELDED. */
    YIELD;

    /** Parks once in this manner. */
    @Goroutine
    public void now() {
        if (this == PARK) {
            Continuation.park();
        } else {
            Continuation.yieldNow();
        }
    }

    /** Yields once and returns {@code v}. */
    @Goroutine
    public static boolean z(boolean v) {
        Continuation.yieldNow();
        return v;
    }

    @Goroutine
    public static byte b(byte v) {
        Continuation.yieldNow();
        return v;
    }

    @Goroutine
    public static char c(char v) {
        Continuation.yieldNow();
        return v;
    }

    @Goroutine
    public static short s(short v) {
        Continuation.yieldNow();
        return v;
    }

    @Goroutine
    public static int i(int v) {
        Continuation.yieldNow();
        return v;
    }

    @Goroutine
    public static long j(long v) {
        Continuation.yieldNow();
        return v;
    }

    @Goroutine
    public static float f(float v) {
        Continuation.yieldNow();
        return v;
    }

    @Goroutine
    public static double d(double v) {
        Continuation.yieldNow();
        return v;
    }

    @Goroutine
    public static <T> T l(T v) {
        Continuation.yieldNow();
        return v;
    }

    /** Yields once and returns 0: for {@code a + f(parks()) * b} shapes. */
    @Goroutine
    public static int zero() {
        Continuation.yieldNow();
        return 0;
    }
}
