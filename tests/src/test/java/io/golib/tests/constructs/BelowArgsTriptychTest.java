package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.tests.support.Driver;
import io.golib.tests.support.StateMachine;
import io.golib.tests.support.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Triptych for values on the operand stack below a suspendable call, {@code a + f(p(b)) * p(-b)}:
 * (1) the source, (2) the expected state machine, where the stack values under each call (a,
 * then a and f(..)) are saved with the frame and pushed back on resume, and the callee is a
 * machine of its own, (3) a test that both agree.
 *
 * <p>The rendering steps the caller, which steps its callee; the runtime instead re-enters the
 * innermost frame first and the caller when the callee returns. Both orders run the same code in
 * the same sequence, which is what the trace compares.
 */
class BelowArgsTriptychTest {

    // ---- (1) the source ----

    @Goroutine
    static long belowArgs(long a, int b, Trace t) {
        return a + (long) f(parked(t, b)) * parked(t, -b);
    }

    @Goroutine
    static int parked(Trace t, int v) {
        t.add("park", v);
        Continuation.yieldNow();
        t.add("resumed", v);
        return v + 1;
    }

    static int f(int x) {
        return 3 * x - 1;
    }

    // ---- (2) the expected state machines ----

    static final class ParkedMachine implements StateMachine {
        int state;
        final Trace t;
        final int v;
        int result;

        ParkedMachine(Trace t, int v) {
            this.t = t;
            this.v = v;
        }

        @Override
        public boolean step() {
            switch (state) {
                case 0:
                    t.add("park", v);
                    state = 1;                 // save t, v
                    return false;
                case 1:
                    t.add("resumed", v);
                    result = v + 1;
                    state = 2;
                    return true;
                default:
                    throw new IllegalStateException("step after the end");
            }
        }
    }

    static final class BelowArgsMachine implements StateMachine {
        static final int START = 0;
        /** In the first call; the operand stack under it holds {@code a}. */
        static final int IN_FIRST = 1;
        /** In the second call; the stack under it holds {@code a} and {@code (long) f(r1)}. */
        static final int IN_SECOND = 2;
        static final int DONE = 3;

        int state = START;
        final long a;
        final int b;
        final Trace t;
        // saved operand stack, bottom first
        long stack0;
        long stack1;
        ParkedMachine callee;
        long result;

        BelowArgsMachine(long a, int b, Trace t) {
            this.a = a;
            this.b = b;
            this.t = t;
        }

        @Override
        public boolean step() {
            switch (state) {
                case START:
                    stack0 = a;
                    callee = new ParkedMachine(t, b);
                    state = IN_FIRST;
                    // fall through: make the call
                case IN_FIRST:
                    if (!callee.step()) {
                        return false;                  // the callee parked: unwind with it
                    }
                    stack1 = f(callee.result);
                    callee = new ParkedMachine(t, -b);
                    state = IN_SECOND;
                    // fall through: make the second call
                case IN_SECOND:
                    if (!callee.step()) {
                        return false;
                    }
                    result = stack0 + stack1 * callee.result;
                    state = DONE;
                    return true;
                default:
                    throw new IllegalStateException("step after the end");
            }
        }
    }

    // ---- (3) both behave the same ----

    @ParameterizedTest(name = "a={0}, b={1}")
    @CsvSource({"0, 0", "7, 3", "-9000000000, 46341", "9223372036854775807, -2"})
    void sourceAndMachineAgree(long a, int b) {
        String what = "a=" + a + ", b=" + b;
        Trace real = new Trace();
        GoCallable<Long> body = () -> belowArgs(a, b, real);
        Continuation c = new Continuation(body);
        int realParks = Driver.runToEnd(c, real);

        Trace expected = new Trace();
        BelowArgsMachine m = new BelowArgsMachine(a, b, expected);
        int machineParks = StateMachine.runToEnd(m, expected);

        assertEquals(2, machineParks, what + ": machine parks");
        assertEquals(machineParks, realParks, what + ": parks");
        assertEquals(expected.values(), real.values(), what + ": trace");
        assertEquals(m.result, c.result(), what + ": result");
        assertEquals(a + (long) f(b + 1) * (-b + 1), m.result, what + ": the machine's arithmetic");
    }
}
