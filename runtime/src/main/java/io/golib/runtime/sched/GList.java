package io.golib.runtime.sched;

/**
 * A list of goroutines linked through {@link G#schedlink}, last in first out. Port of go1.22
 * runtime/runtime2.go: gList. Two uses: the free lists of dead goroutines kept for reuse
 * ({@code p.gFree}, {@code sched.gFree}: the Gs are {@link G#FREE}; a P's list is touched only
 * by the M that holds the P, the global one under the scheduler lock, except for racy reads of
 * {@link #n}), and the goroutines a {@link Netpoller} hands back (owned by the polling thread).
 *
 * <p>Invariant: {@link #n} counts the Gs linked from the head. Not thread-safe.
 */
public final class GList {
    private G head;
    int n;

    /** Adds {@code gp}, which must be on no other list. */
    public void push(G gp) {
        gp.schedlink = head;
        head = gp;
        n++;
    }

    /** Removes and returns the most recently pushed G, or null. */
    public G pop() {
        G gp = head;
        if (gp != null) {
            head = gp.schedlink;
            gp.schedlink = null;
            n--;
        }
        return gp;
    }

    /** Whether the list is empty. */
    public boolean isEmpty() {
        return head == null;
    }
}
