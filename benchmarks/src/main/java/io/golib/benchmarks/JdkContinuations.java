package io.golib.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code jdk.internal.vm.Continuation} and {@code ContinuationScope} (JDK 21+: Loom's own
 * one-shot delimited continuations, under virtual threads), reached through method handles so that
 * this module still compiles with {@code --release 17} and no {@code --add-exports} at compile
 * time. The handles sit in static finals, so {@code invokeExact} on them is JIT-compiled like a
 * direct call.
 *
 * <p>At run time the package must be exported to us:
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} ({@link JdkContinuationBench}'s
 * forks get it). On JDK 17 the classes do not exist: {@link #UNAVAILABLE} says why, the handles
 * are null, and the benchmarks fail fast in their setup.
 */
final class JdkContinuations {
    private JdkContinuations() {}

    /** {@code new Continuation(ContinuationScope, Runnable)}, typed {@code (Object, Runnable)Object}. */
    static final MethodHandle NEW;
    /** {@code continuation.run()}, typed {@code (Object)void}. */
    static final MethodHandle RUN;
    /** {@code continuation.isDone()}, typed {@code (Object)boolean}. */
    static final MethodHandle IS_DONE;
    /** {@code Continuation.yield(ContinuationScope)}, typed {@code (Object)boolean}. */
    static final MethodHandle YIELD;
    /** The one scope every benchmark continuation uses. */
    static final Object SCOPE;
    /** Why the handles are null, or null when they are usable. */
    static final String UNAVAILABLE;

    static {
        MethodHandle newC = null, run = null, isDone = null, yield = null;
        Object scope = null;
        String why = null;
        try {
            Class<?> c = Class.forName("jdk.internal.vm.Continuation");
            Class<?> s = Class.forName("jdk.internal.vm.ContinuationScope");
            MethodHandles.Lookup l = MethodHandles.lookup();
            newC = l.findConstructor(c, MethodType.methodType(void.class, s, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            run = l.findVirtual(c, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            isDone = l.findVirtual(c, "isDone", MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            yield = l.findStatic(c, "yield", MethodType.methodType(boolean.class, s))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            scope = l.findConstructor(s, MethodType.methodType(void.class, String.class))
                    .invoke("golib-bench");
        } catch (ClassNotFoundException e) {
            why = "jdk.internal.vm.Continuation does not exist on JDK "
                    + Runtime.version().feature() + " (needs JDK 21+)";
        } catch (IllegalAccessException e) {
            why = "jdk.internal.vm is not exported: run with"
                    + " --add-exports java.base/jdk.internal.vm=ALL-UNNAMED (" + e.getMessage() + ")";
        } catch (Throwable e) {
            why = "jdk.internal.vm.Continuation unusable: " + e;
        }
        if (why != null) {
            newC = run = isDone = yield = null;
            scope = null;
        }
        NEW = newC;
        RUN = run;
        IS_DONE = isDone;
        YIELD = yield;
        SCOPE = scope;
        UNAVAILABLE = why;
    }

    /** Throws, naming the cause, when the JDK's continuations cannot be used here. */
    static void require() {
        if (UNAVAILABLE != null) {
            throw new UnsupportedOperationException("JdkContinuationBench skipped: " + UNAVAILABLE);
        }
    }

    static Object create(Runnable body) {
        try {
            return (Object) NEW.invokeExact(SCOPE, body);
        } catch (Throwable e) {
            throw sneaky(e);
        }
    }

    static void run(Object continuation) {
        try {
            RUN.invokeExact(continuation);
        } catch (Throwable e) {
            throw sneaky(e);
        }
    }

    static boolean isDone(Object continuation) {
        try {
            return (boolean) IS_DONE.invokeExact(continuation);
        } catch (Throwable e) {
            throw sneaky(e);
        }
    }

    static boolean yieldNow() {
        try {
            return (boolean) YIELD.invokeExact(SCOPE);
        } catch (Throwable e) {
            throw sneaky(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
