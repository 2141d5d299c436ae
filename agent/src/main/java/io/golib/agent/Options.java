package io.golib.agent;

/** Switches for the transformer. Immutable; build with the {@code with*} methods. */
public final class Options {
    /** The defaults: rewrite what is suspendable, with safepoints at loop back-edges. */
    public static final Options DEFAULT = new Options(false, true);

    private final boolean suspendEverything;
    private final boolean safepoints;

    private Options(boolean suspendEverything, boolean safepoints) {
        this.suspendEverything = suspendEverything;
        this.safepoints = safepoints;
    }

    /**
     * For stress-testing the transformer only: treat every method as suspendable and every call
     * as a suspension point (the "instrument everything" corpus test).
     */
    public Options withSuspendEverything(boolean on) {
        return new Options(on, safepoints);
    }

    /** Whether loop back-edges check for a preemption request (default on). */
    public Options withSafepoints(boolean on) {
        return new Options(suspendEverything, on);
    }

    public boolean suspendEverything() {
        return suspendEverything;
    }

    public boolean safepoints() {
        return safepoints;
    }
}
