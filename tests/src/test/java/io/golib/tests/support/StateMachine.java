package io.golib.tests.support;

/**
 * The hand-written half of a transformer triptych (ea-async's HowItShouldWorkTest): a plain Java
 * rendering of the state machine the transformer should make of a suspendable method, with an
 * explicit {@code state} and fields for the values saved at each park. {@link #step()} runs from
 * the saved state to the next park or to the end, as one {@code Continuation.run()} would.
 */
public interface StateMachine {
    /** Runs to the next park (returns {@code false}) or to the end (returns {@code true}). */
    boolean step();

    /** Steps {@code m} to its end, marking each park in {@code trace}; returns the park count. */
    static int runToEnd(StateMachine m, Trace trace) {
        int parks = 0;
        while (!m.step()) {
            parks++;
            trace.add(Trace.PARK);
            if (parks > Driver.MAX_PARKS) {
                throw new AssertionError("state machine parked more than " + Driver.MAX_PARKS);
            }
        }
        return parks;
    }
}
