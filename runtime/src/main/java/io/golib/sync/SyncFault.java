package io.golib.sync;

/**
 * A broken invariant of a sync primitive (a state word, a wait queue): a bug in golib, never a
 * user mistake. Messages start with the method the check is in ("Mutex.lockSlow: inconsistent
 * mutex state"). Never caught.
 */
final class SyncFault extends Error {
    private static final long serialVersionUID = 1L;

    SyncFault(String message) {
        super(message);
    }
}
