package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.golib.GoCallable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.tests.support.StateMachine;
import io.golib.tests.support.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Triptych for a park inside a loop: (1) the suspendable source, (2) a hand-written rendering of
 * the state machine it should become, (3) a test that both produce the same trace, park count and
 * result. The rendering saves exactly what is live at the park (n, t, i, sum); the resume entry
 * jumps to the code after the call site.
 */
class LoopTriptychTest {

    // ---- (1) the source ----

    @Goroutine
    static int sumSquares(int n, Trace t) {
        int sum = 0;
        for (int i = 1; i <= n; i++) {
            t.add("i" + i);
            Continuation.yieldNow();
            sum += i * i;
            t.add(sum);
        }
        return sum;
    }

    // ---- (2) the expected state machine ----

    static final class SumSquaresMachine implements StateMachine {
        static final int START = 0;
        /** Parked at the yieldNow() call site inside the loop body. */
        static final int AT_YIELD = 1;
        static final int DONE = 2;

        int state = START;
        // live at the park: the parameters and both locals
        final int n;
        final Trace t;
        int i;
        int sum;
        int result;

        SumSquaresMachine(int n, Trace t) {
            this.n = n;
            this.t = t;
        }

        @Override
        public boolean step() {
            switch (state) {
                case START:
                    sum = 0;
                    i = 1;
                    if (i <= n) {
                        t.add("i" + i);
                        state = AT_YIELD;   // save n, t, i, sum; return a dummy
                        return false;
                    }
                    break;
                case AT_YIELD:              // restore n, t, i, sum; continue after the call
                    sum += i * i;
                    t.add(sum);
                    i++;
                    if (i <= n) {           // the back-edge goes to the loop head
                        t.add("i" + i);
                        return false;
                    }
                    break;
                default:
                    throw new IllegalStateException("step after the end");
            }
            result = sum;
            state = DONE;
            return true;
        }
    }

    // ---- (3) both behave the same ----

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {0, 1, 4})
    void sourceAndMachineAgree(int n) {
        Trace real = new Trace();
        GoCallable<Integer> body = () -> sumSquares(n, real);
        Continuation c = new Continuation(body);
        int realParks = io.golib.tests.support.Driver.runToEnd(c, real);

        Trace expected = new Trace();
        SumSquaresMachine m = new SumSquaresMachine(n, expected);
        int machineParks = StateMachine.runToEnd(m, expected);

        assertEquals(n, machineParks, "n=" + n + ": the machine parks once per iteration");
        assertEquals(machineParks, realParks, "n=" + n + ": parks");
        assertEquals(expected.values(), real.values(), "n=" + n + ": trace");
        assertEquals(m.result, c.result(), "n=" + n + ": result");
    }
}
