package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Unwinding is invisible to user code: a {@code catch (Throwable)} never sees a park, and a
 * {@code finally} runs exactly once, at the real exit of its block, never when a park unwinds
 * the frame (Quasar's thrown SuspendExecution was swallowed by such blocks: quasar#118; Q
 * FinallyTest, Q CatchTest.testCatch2). Each block counts its executions.
 */
class CatchAllAndFinallyTest {

    static final class Counts {
        int catches;
        int finallies;
        int exits;
    }

    /** Three parks inside try/catch(Throwable)/finally, in this frame and two frames deeper. */
    @ParameterizedTest
    @EnumSource(Park.class)
    void catchThrowableAndFinallyDoNotSeeParks(Park kind) {
        Trace t = new Trace();
        Counts k = new Counts();
        GoRunnable body = () -> {
            try {
                kind.now();
                t.add("a");
                nestedGuarded(kind, k, t);
                t.add("b");
            } catch (Throwable e) {
                k.catches++;
                t.add("caught " + e);
            } finally {
                k.finallies++;
                t.add("finally");
            }
        };
        Driver.expectParks("guarded/" + kind, 3, body, t);
        assertEquals(0, k.catches, "guarded/" + kind + ": catch (Throwable) executions");
        assertEquals(2, k.finallies, "guarded/" + kind + ": finally executions (outer+inner)");
        t.assertIs("guarded/" + kind, Trace.PARK, "a", Trace.PARK, Trace.PARK, "inner finally",
                "b", "finally");
    }

    @Goroutine
    static void nestedGuarded(Park kind, Counts k, Trace t) {
        try {
            kind.now();
            Park.l(null);
        } catch (Throwable e) {
            k.catches++;
            t.add("inner caught " + e);
        } finally {
            k.finallies++;
            t.add("inner finally");
        }
    }

    /** try/catch(Exception) that would wrap a leaked park signal (Q CatchTest.testCatch2). */
    @ParameterizedTest
    @EnumSource(Park.class)
    void wrappingCatchDoesNotSeeParks(Park kind) {
        Trace t = new Trace();
        GoRunnable body = () -> {
            try {
                kind.now();
                t.add("x");
                kind.now();
            } catch (Exception e) {
                throw new RuntimeException("wrapped", e);
            }
            t.add("y");
        };
        Driver.expectParks("wrap/" + kind, 2, body, t);
        t.assertIs("wrap/" + kind, Trace.PARK, "x", Trace.PARK, "y");
    }

    /** A finally around a park in a loop runs once per iteration, at each iteration's end. */
    @ParameterizedTest
    @EnumSource(Park.class)
    void finallyInLoopRunsOncePerIteration(Park kind) {
        Trace t = new Trace();
        Counts k = new Counts();
        GoRunnable body = () -> {
            for (int i = 0; i < 3; i++) {
                try {
                    kind.now();
                    if (i == 1) {
                        continue;
                    }
                    t.add("i" + i);
                } finally {
                    k.finallies++;
                    t.add("f" + i);
                }
            }
        };
        Driver.expectParks("loop/" + kind, 3, body, t);
        assertEquals(3, k.finallies, "loop/" + kind + ": finally executions");
        t.assertIs("loop/" + kind, Trace.PARK, "i0", "f0", Trace.PARK, "f1", Trace.PARK, "i2",
                "f2");
    }

    /** The exceptional exit: finally runs once, after the parks, and the exception escapes. */
    @ParameterizedTest
    @EnumSource(Park.class)
    void finallyOnceOnExceptionalExit(Park kind) {
        Trace t = new Trace();
        Counts k = new Counts();
        GoRunnable body = () -> {
            try {
                kind.now();
                kind.now();
                throw new IllegalStateException("end");
            } catch (Throwable e) {
                k.catches++;
                throw e;
            } finally {
                k.finallies++;
                t.add("finally");
            }
        };
        Throwable f = Driver.runToFailure("exit/" + kind, new Continuation(body), t, 2);
        assertEquals("end", f.getMessage(), "exit/" + kind);
        assertEquals(1, k.catches, "exit/" + kind + ": catch executions (the real exception only)");
        assertEquals(1, k.finallies, "exit/" + kind + ": finally executions");
        t.assertIs("exit/" + kind, Trace.PARK, Trace.PARK, "finally");
    }
}
