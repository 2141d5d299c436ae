package io.golib.runtime.sched;

import io.golib.runtime.stack.Continuation;

/**
 * A goroutine: its continuation, its scheduling state and what it waits for. Port of
 * go1.22 runtime/runtime2.go: g (the fields golib needs).
 *
 * <p>Ownership follows Go's status protocol: the fields below belong to whoever moved the G into
 * its current status (the M running it, the waker that readied it, the queue holding it).
 */
public final class G {
    /** Goroutine id, unique, from 1 (main). Immutable. */
    final long id;
    /** The body. Immutable. */
    final Continuation continuation;
    /** Link in the global run queue and other intrusive lists; guarded by the list's owner. */
    G schedlink;
    /** Why the goroutine waits ("chan receive", "sleep", ...), or null. Written before parking. */
    volatile String waitReason;

    G(long id, Continuation continuation) {
        this.id = id;
        this.continuation = continuation;
    }

    /** The goroutine id (Go's goid). */
    public long id() {
        return id;
    }
}
