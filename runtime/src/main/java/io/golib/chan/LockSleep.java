package io.golib.chan;

import java.util.concurrent.locks.LockSupport;

/**
 * Where threads sleep on a contended channel lock: Go's {@code futexsleep}/{@code futexwakeup}
 * for {@link HChan#lock}, as go1.22 runtime/lock_futex.go uses them in lock2/unlock2. Java has no
 * futex on a field, so this is a table of sleeping threads keyed by channel (as the futex
 * syscall keys its queues by address): {@value #BUCKETS} buckets picked by {@link HChan#id}, each
 * a list guarded by the bucket's monitor.
 *
 * <p>The protocol (lock_futex.go's): the lock word is 0 free, 1 held, 2 held and maybe someone
 * sleeps. A sleeper first swaps in 2; {@link #sleep} then checks, under the bucket monitor,
 * that the word still reads 2 before it registers (futexsleep's "atomically, if *addr == val");
 * {@link HChan#unlock} swaps in 0 and, if it took a 2 out, calls {@link #wakeOne}, which takes the
 * same monitor. So a sleeper either sees the release (and does not sleep) or is registered before
 * the waker looks: no lost wake-up. A woken thread retries the lock and may sleep again;
 * spurious wake-ups are harmless, as with a futex.
 *
 * <p>Who sleeps here: carriers (holding their P, as an M sleeping in Go's lock2 does) and plain
 * threads, only after spinning and one yield ({@link HChan#lock}). Nothing here parks a
 * goroutine. The bucket monitor is a leaf: nothing else is locked under it, and it is taken only
 * from plain methods, never across a park.
 */
final class LockSleep {
    private LockSleep() {}

    /** Buckets; a power of two. Channels contended at the same time rarely share one. */
    private static final int BUCKETS = 64;
    private static final Bucket[] TABLE = new Bucket[BUCKETS];

    static {
        for (int i = 0; i < BUCKETS; i++) {
            TABLE[i] = new Bucket();
        }
    }

    /** One bucket's sleepers, in arrival order. Guarded by the bucket's monitor. */
    private static final class Bucket {
        Sleeper head;
        Sleeper tail;
    }

    /** A thread asleep on one channel's lock. */
    private static final class Sleeper {
        final HChan chan;
        final Thread thread = Thread.currentThread();
        /** Set by the waker (under the bucket monitor, then unpark); read by the sleeper. */
        volatile boolean woken;
        /** Guarded by the bucket monitor. */
        Sleeper next;

        Sleeper(HChan chan) {
            this.chan = chan;
        }
    }

    private static Bucket bucket(HChan c) {
        return TABLE[(int) c.id & (BUCKETS - 1)];
    }

    /**
     * futexsleep(&c.lock, 2): sleeps until {@link #wakeOne} for {@code c}, unless the lock word no
     * longer reads 2. May return spuriously; the caller retries the lock either way. Allocates one
     * node: this is the slow path after spinning and yielding.
     */
    static void sleep(HChan c) {
        Bucket b = bucket(c);
        Sleeper s = new Sleeper(c);
        synchronized (b) {
            if (!c.lockSleeping()) {
                return; // released (or retaken without sleepers) since the caller swapped in 2
            }
            if (b.tail == null) {
                b.head = s;
            } else {
                b.tail.next = s;
            }
            b.tail = s;
        }
        boolean interrupted = false;
        while (!s.woken) {
            LockSupport.park(c);
            if (Thread.interrupted()) {
                interrupted = true; // a channel lock wait is not interruptible
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * futexwakeup(&c.lock, 1): wakes the longest sleeper on {@code c}'s lock, if any. Called by
     * {@link HChan#unlock} after it released a lock word that read 2; holds no channel lock.
     */
    static void wakeOne(HChan c) {
        Bucket b = bucket(c);
        Sleeper found = null;
        synchronized (b) {
            Sleeper prev = null;
            for (Sleeper s = b.head; s != null; prev = s, s = s.next) {
                if (s.chan == c) {
                    if (prev == null) {
                        b.head = s.next;
                    } else {
                        prev.next = s.next;
                    }
                    if (b.tail == s) {
                        b.tail = prev;
                    }
                    s.next = null;
                    found = s;
                    break;
                }
            }
        }
        if (found != null) {
            found.woken = true;
            LockSupport.unpark(found.thread);
        }
    }
}
