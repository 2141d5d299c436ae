package io.golib.runtime.sched;

/**
 * A broken scheduler invariant (run queues, Ps, Ms, statuses): a bug in golib, never a user
 * mistake. Messages start with the Go function the check follows ("runqsteal: runq overflow").
 * Never caught.
 */
final class SchedFault extends Error {
    private static final long serialVersionUID = 1L;

    SchedFault(String message) {
        super(message);
    }
}
