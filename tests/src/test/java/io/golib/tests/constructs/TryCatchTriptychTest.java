package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.tests.support.Driver;
import io.golib.tests.support.StateMachine;
import io.golib.tests.support.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Triptych for parks inside try and inside catch, with a finally: (1) the source, (2) the
 * expected state machine, where the try region is re-entered at the park and the exception thrown
 * after the resume is caught by the same handler, with the same locals, and the finally runs once
 * at the real exit, (3) a test that both agree.
 */
class TryCatchTriptychTest {

    // ---- (1) the source ----

    @Goroutine
    static String guarded(boolean fail, Trace t) {
        int x = 10;
        try {
            t.add("try");
            Continuation.yieldNow();                       // call site 1
            if (fail) {
                throw new IllegalStateException("bad " + x);
            }
            x += 5;
            t.add("try done", x);
        } catch (IllegalStateException e) {
            t.add("catch", e.getMessage());
            Continuation.yieldNow();                       // call site 2
            x = -x;
            t.add("catch done", e.getMessage());
        } finally {
            t.add("finally", x);
        }
        return "x=" + x;
    }

    // ---- (2) the expected state machine ----

    static final class GuardedMachine implements StateMachine {
        static final int START = 0;
        /** Parked at call site 1, inside the try range. */
        static final int IN_TRY = 1;
        /** Parked at call site 2, inside the handler; the caught exception is a saved local. */
        static final int IN_CATCH = 2;
        static final int DONE = 3;

        int state = START;
        final boolean fail;
        final Trace t;
        int x;
        IllegalStateException e;
        String result;

        GuardedMachine(boolean fail, Trace t) {
            this.fail = fail;
            this.t = t;
        }

        @Override
        public boolean step() {
            switch (state) {
                case START:
                    x = 10;
                    t.add("try");
                    state = IN_TRY;                       // save fail, t, x
                    return false;
                case IN_TRY:
                    try {                                 // the resumed code is still in the range
                        if (fail) {
                            throw new IllegalStateException("bad " + x);
                        }
                        x += 5;
                        t.add("try done", x);
                    } catch (IllegalStateException caught) {
                        e = caught;
                        t.add("catch", e.getMessage());
                        state = IN_CATCH;                 // save fail, t, x, e; no finally yet
                        return false;
                    }
                    return finish();
                case IN_CATCH:
                    x = -x;
                    t.add("catch done", e.getMessage());
                    return finish();
                default:
                    throw new IllegalStateException("step after the end");
            }
        }

        private boolean finish() {
            t.add("finally", x);                          // the finally, once, at the real exit
            result = "x=" + x;
            state = DONE;
            return true;
        }
    }

    // ---- (3) both behave the same ----

    @ParameterizedTest(name = "fail={0}")
    @ValueSource(booleans = {false, true})
    void sourceAndMachineAgree(boolean fail) {
        Trace real = new Trace();
        GoCallable<String> body = () -> guarded(fail, real);
        Continuation c = new Continuation(body);
        int realParks = Driver.runToEnd(c, real);

        Trace expected = new Trace();
        GuardedMachine m = new GuardedMachine(fail, expected);
        int machineParks = StateMachine.runToEnd(m, expected);

        assertEquals(fail ? 2 : 1, machineParks, "fail=" + fail + ": machine parks");
        assertEquals(machineParks, realParks, "fail=" + fail + ": parks");
        assertEquals(expected.values(), real.values(), "fail=" + fail + ": trace");
        assertEquals(m.result, c.result(), "fail=" + fail + ": result");
    }
}
