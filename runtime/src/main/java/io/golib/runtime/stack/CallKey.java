package io.golib.runtime.stack;

/**
 * The key an instrumented call site arms before calling a suspendable method, and that the
 * callee's prologue compares with its own (see {@link Stack#signal}).
 *
 * <p>A key is derived from the callee's name and descriptor only, so virtual dispatch to any
 * override, and bridge methods, agree with the call site. It is always positive: zero and the
 * negative values are the other states of {@link Stack#signal}. The agent computes the same
 * function at transform time; {@code tests} checks that the two agree.
 */
public final class CallKey {
    private CallKey() {}

    /** The key of a method named {@code name} with JVM descriptor {@code descriptor}. */
    public static int of(String name, String descriptor) {
        int h = 31 * name.hashCode() + descriptor.hashCode();
        h &= 0x7fffffff;
        return h == 0 ? 1 : h;
    }
}
