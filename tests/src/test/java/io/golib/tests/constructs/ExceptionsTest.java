package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.golib.GoCallable;
import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * try/catch/finally around, inside and after parks: the handler a resumed frame's exception
 * reaches must be the one the source says, with the locals it saw before the park (peers:
 * Q CatchTest, Q FinallyTest, Q ThrowTest, Q MergeTest, K ExCatch, EA TryWithResourcesTest).
 */
class ExceptionsTest {

    /** A park inside try; the exception is thrown after the resume and caught right there. */
    @Test
    void throwAfterResumeCaughtInSameFrame() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            String local = "L";
            try {
                Park.PARK.now();
                t.add("resumed");
                throw new IllegalStateException("boom");
            } catch (IllegalStateException e) {
                t.add("caught " + e.getMessage() + " " + local);
            }
            return local;
        };
        assertEquals("L", Driver.call("same", 1, body, t), "same");
        t.assertIs("same", Trace.PARK, "resumed", "caught boom L");
    }

    /**
     * The exception comes from a resumed callee and must be rethrown at the caller's call site:
     * the inner frame only handles FileNotFoundException, the outer frame's IOException clause is
     * the right handler for a plain IOException, and a RuntimeException goes to its own clause.
     */
    @ParameterizedTest(name = "which={0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void rightHandlerAfterResume(int which) {
        Trace t = new Trace();
        GoCallable<String> body = () -> outer(which, t);
        // inner parks once; case 0 parks again in inner's catch; cases 0 and 3 return normally
        // to outer, which parks once more
        int parks = new int[] {3, 1, 1, 2}[which];
        String r = Driver.call("which=" + which, parks, body, t);
        String want = switch (which) {
            case 0 -> "inner FNF";
            case 1 -> "outer IO";
            case 2 -> "outer RT";
            default -> "none";
        };
        assertEquals(want, r, "which=" + which);
        assertEquals(1, t.count("inner finally"), "which=" + which + ": inner finally once");
    }

    @Goroutine
    static String outer(int which, Trace t) {
        String before = "outer";
        try {
            String r = inner(which, t);
            Park.YIELD.now();
            return r;
        } catch (FileNotFoundException e) {
            return "wrong: outer FNF";
        } catch (IOException e) {
            return before.equals("outer") ? "outer IO" : "lost local";
        } catch (RuntimeException e) {
            return before + " RT";
        }
    }

    @Goroutine
    static String inner(int which, Trace t) throws IOException {
        try {
            Park.PARK.now();
            switch (which) {
                case 0: throw new FileNotFoundException("f");
                case 1: throw new IOException("io");
                case 2: throw new IllegalArgumentException("rt");
                default: return "none";
            }
        } catch (FileNotFoundException e) {
            Park.YIELD.now();
            return "inner FNF";
        } finally {
            t.add("inner finally");
        }
    }

    /** A park inside a catch handler; the caught exception and the locals survive it. */
    @Test
    void parkInsideCatch() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            long n = 99;
            try {
                throw new IOException("in try");
            } catch (IOException e) {
                Park.PARK.now();
                t.add("after park in catch");
                Park.YIELD.now();
                return e.getMessage() + "/" + n;
            }
        };
        assertEquals("in try/99", Driver.call("catch", 2, body, t), "catch");
        t.assertIs("catch", Trace.PARK, "after park in catch", Trace.PARK);
    }

    /** A park inside finally, on the normal path and on the exceptional path. */
    @ParameterizedTest(name = "fail={0}")
    @ValueSource(booleans = {false, true})
    void parkInsideFinally(boolean fail) {
        Trace t = new Trace();
        GoRunnable body = () -> {
            try {
                t.add("try");
                if (fail) {
                    throw new IllegalStateException("from try");
                }
            } finally {
                Park.PARK.now();
                t.add("finally");
            }
            t.add("after");
        };
        Continuation c = new Continuation(body);
        Driver.Outcome o = Driver.run(c, t);
        assertEquals(1, o.parks(), "fail=" + fail + ": parks");
        if (fail) {
            assertEquals("from try", o.failure().getMessage(), "fail=" + fail);
            t.assertIs("fail=" + fail, "try", Trace.PARK, "finally");
        } else {
            assertEquals(null, o.failure(), "fail=" + fail);
            t.assertIs("fail=" + fail, "try", Trace.PARK, "finally", "after");
        }
    }

    /** Nested try with parks in both the catch and the finally, and a rethrow. */
    @Test
    void nestedCatchFinallyRethrow() {
        Trace t = new Trace();
        GoRunnable body = () -> {
            try {
                try {
                    Park.YIELD.now();
                    throw new IOException("one");
                } catch (IOException e) {
                    Park.YIELD.now();
                    t.add("catch " + e.getMessage());
                    throw new IllegalStateException("two", e);
                } finally {
                    Park.YIELD.now();
                    t.add("inner finally");
                }
            } catch (IllegalStateException e) {
                Park.YIELD.now();
                t.add("outer catch " + e.getMessage() + " cause " + e.getCause().getMessage());
            }
        };
        Driver.expectParks("nested", 4, body, t);
        t.assertIs("nested", Trace.PARK, Trace.PARK, "catch one", Trace.PARK, "inner finally",
                Trace.PARK, "outer catch two cause one");
    }

    /** An exception escaping the body after parks ends the continuation with that exception. */
    @Test
    void exceptionEscapesBody() {
        Trace t = new Trace();
        IllegalArgumentException thrown = new IllegalArgumentException("escape");
        GoRunnable body = () -> {
            Park.PARK.now();
            deepThrow(3, thrown);
        };
        // one park in the body, one yield at each of deepThrow's levels 3, 2, 1, 0
        Throwable f = Driver.runToFailure("escape", new Continuation(body), t, 5);
        assertSame(thrown, f, "escape");
    }

    @Goroutine
    static void deepThrow(int n, RuntimeException e) {
        Park.YIELD.now();
        if (n == 0) {
            throw e;
        }
        deepThrow(n - 1, e);
    }

    /** try-with-resources: the resource is closed once, after the parks, then the handler runs. */
    @ParameterizedTest(name = "fail={0}")
    @ValueSource(booleans = {false, true})
    void tryWithResources(boolean fail) {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            try (Res a = new Res("a", t); Res b = new Res("b", t)) {
                Park.PARK.now();
                t.add("body " + a.name + b.name);
                if (fail) {
                    throw new IOException("fail");
                }
                Park.PARK.now();
            } catch (IOException e) {
                t.add("caught " + e.getMessage());
                return "caught";
            }
            return "ok";
        };
        assertEquals(fail ? "caught" : "ok", Driver.call("fail=" + fail, fail ? 1 : 2, body, t),
                "fail=" + fail);
        if (fail) {
            t.assertIs("fail=" + fail, "open a", "open b", Trace.PARK, "body ab", "close b",
                    "close a", "caught fail");
        } else {
            t.assertIs("fail=" + fail, "open a", "open b", Trace.PARK, "body ab", Trace.PARK,
                    "close b", "close a");
        }
    }

    static final class Res implements AutoCloseable {
        final String name;
        final Trace t;

        Res(String name, Trace t) {
            this.name = name;
            this.t = t;
            t.add("open " + name);
        }

        @Override
        public void close() {
            t.add("close " + name);
        }
    }

    /**
     * A park as the last instruction of a try range: once the call is split into save and
     * restore code, the range must still cover exactly the call (Quasar #211: an empty range
     * after rewriting is rejected by the verifier). Thrown after resume, the handler runs.
     */
    @ParameterizedTest(name = "fail={0}")
    @ValueSource(booleans = {false, true})
    void parkIsLastInstructionOfTry(boolean fail) {
        Trace t = new Trace();
        GoRunnable body = () -> lastInTry(fail, t);
        Driver.expectParks("fail=" + fail, 1, body, t);
        t.assertIs("fail=" + fail, "before", Trace.PARK, fail ? "handler" : "no handler");
    }

    @Goroutine
    static void lastInTry(boolean fail, Trace t) {
        boolean handled = false;
        t.add("before");
        try {
            parkThenMaybeThrow(fail);
        } catch (IllegalStateException e) {
            handled = true;
        }
        t.add(handled ? "handler" : "no handler");
    }

    @Goroutine
    static void parkThenMaybeThrow(boolean fail) {
        Park.PARK.now();
        if (fail) {
            throw new IllegalStateException();
        }
    }

    /** A checked exception declared by a parking method, thrown before any park, caught. */
    @Test
    void checkedExceptionBeforePark() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            int arg = 5;
            try {
                throwsEarly(arg);
                return "no";
            } catch (IOException e) {
                Park.YIELD.now();
                return e.getMessage() + arg;
            }
        };
        assertEquals("early5", Driver.call("early", 1, body, t), "early");
    }

    @Goroutine
    static void throwsEarly(int arg) throws IOException {
        if (arg > 0) {
            throw new IOException("early");
        }
        Park.YIELD.now();
    }

    /** A boxed argument stays live across an exception caught from a parking callee. */
    @Test
    void argumentLiveAcrossCaughtException() {
        Trace t = new Trace();
        GoCallable<Integer> body = () -> restoreArgument(Integer.valueOf(40), t);
        assertEquals(42, Driver.call("restoreArg", 2, body, t), "restoreArg");
    }

    @Goroutine
    static int restoreArgument(Integer arg, Trace t) {
        try {
            parkThenMaybeThrow(true);
        } catch (IllegalStateException e) {
            Park.YIELD.now();
            return arg + 2;
        }
        return -1;
    }
}
