package io.golib.runtime.sched;

/**
 * A list of dead goroutines kept for reuse: a new goroutine takes one instead of allocating its
 * G, continuation, heap stack and channel state again. Port of go1.22 runtime/runtime2.go:
 * p.gFree and sched.gFree (gList), used by proc.go: gfput, gfget, gfpurge.
 *
 * <p>Invariants: the Gs are {@link G#FREE}, linked through {@link G#schedlink}; {@link #n}
 * counts them. A P's list is touched only by the M that holds the P; the scheduler's global list
 * only under the scheduler lock, except for racy reads of {@link #n} (a stale answer costs a
 * needless lock or a needless allocation, never a wrong result).
 */
final class GFree {
    private G head;
    int n;

    void push(G gp) {
        gp.schedlink = head;
        head = gp;
        n++;
    }

    /** The most recently pushed G, or null. */
    G pop() {
        G gp = head;
        if (gp != null) {
            head = gp.schedlink;
            gp.schedlink = null;
            n--;
        }
        return gp;
    }
}
