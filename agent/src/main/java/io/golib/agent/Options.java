package io.golib.agent;

/** Switches for the transformer. Immutable; build with the {@code with*} methods. */
public final class Options {
    /**
     * The defaults: rewrite what is suspendable, with safepoints at loop back-edges, counted
     * loops strip-mined.
     */
    public static final Options DEFAULT = new Options(false, true, true);

    private final boolean suspendEverything;
    private final boolean safepoints;
    private final boolean stripMining;

    private Options(boolean suspendEverything, boolean safepoints, boolean stripMining) {
        this.suspendEverything = suspendEverything;
        this.safepoints = safepoints;
        this.stripMining = stripMining;
    }

    /**
     * For stress-testing the transformer only: treat every method as suspendable and every call
     * as a suspension point (the "instrument everything" corpus test).
     */
    public Options withSuspendEverything(boolean on) {
        return new Options(on, safepoints, stripMining);
    }

    /** Whether loop back-edges check for a preemption request (default on). */
    public Options withSafepoints(boolean on) {
        return new Options(suspendEverything, on, stripMining);
    }

    /**
     * Whether counted loops check once per chunk of iterations instead of on every back-edge
     * (default on; see the agent's {@code CountedLoops}). Off, every back-edge checks: for
     * comparisons and tests.
     */
    public Options withStripMining(boolean on) {
        return new Options(suspendEverything, safepoints, on);
    }

    public boolean suspendEverything() {
        return suspendEverything;
    }

    public boolean safepoints() {
        return safepoints;
    }

    public boolean stripMining() {
        return stripMining;
    }
}
