package io.golib.chan;

import io.golib.runtime.sched.G;

/**
 * The select algorithm. Port of go1.22 runtime/select.go: selectgo's passes, sellock, selunlock,
 * selparkcommit, block. The loop that parks (selectgo proper) is {@code Select.selectgo}, so
 * that a blocked select saves one frame fewer; everything it calls that holds a lock is here.
 *
 * <p>Each call draws a fresh random poll order over the cases with a channel (a case on a null
 * channel is never ready and takes no part), sorts the same cases by channel {@link HChan#id}
 * into the lock order, and locks every channel once in that order. Pass 1 completes the first
 * ready case in poll order. Otherwise, unless the select has a default, pass 2 enqueues one
 * waiter per case on its channel and parks; the first waker to win the parker's
 * {@code selectDone} completes its case, and after waking pass 3 relocks everything and takes
 * the losing waiters out of their queues.
 *
 * <p>Every step that holds channel locks is a plain method: the transformer puts preemption
 * safepoints only into {@code @Goroutine} methods, and a goroutine preempted while holding a
 * channel lock would stall every carrier that touches the channel.
 */
final class SelectGo {
    private SelectGo() {}

    /** The result when nothing was ready and the select does not block (run the default). */
    static final int NONE = -1;

    /**
     * Fills the scratch's {@code order}: the poll order (a uniform random permutation of the
     * cases that have a channel: Go's inside-out shuffle) in {@code [0, n)}, and the lock order
     * (the same cases by channel id, heap-sorted as Go does, n log n, no allocation) in
     * {@code [n, 2n)}. Reads only the cases (their {@link SelectCase#lockKey}), not the
     * channels. Returns n.
     */
    static int orders(Parker p, SelectCase[] cases) {
        SelectScratch s = p.scratch();
        int[] order = s.order(cases.length);
        int n = 0;
        for (int i = 0; i < cases.length; i++) {
            SelectCase c = cases[i];
            if (c.chan == null || c.kind == SelectCase.DEFAULT) {
                continue;
            }
            int j = s.nextRandom(n + 1);
            order[n] = order[j];
            order[j] = i;
            n++;
        }
        if (n == s.lockOrderCount && lockOrderStillHolds(cases, order, n)) {
            return n;
        }
        // lockorder: heap insert in poll order (so cases on one channel are permuted too) ...
        for (int i = 0; i < n; i++) {
            int j = i;
            int o = order[i];
            long key = cases[o].lockKey;
            while (j > 0 && cases[order[n + (j - 1) / 2]].lockKey < key) {
                int k = (j - 1) / 2;
                order[n + j] = order[n + k];
                j = k;
            }
            order[n + j] = o;
        }
        // ... then heap sort in place.
        for (int i = n - 1; i >= 0; i--) {
            int o = order[n + i];
            long key = cases[o].lockKey;
            order[n + i] = order[n];
            int j = 0;
            for (;;) {
                int k = j * 2 + 1;
                if (k >= i) {
                    break;
                }
                if (k + 1 < i
                        && cases[order[n + k]].lockKey < cases[order[n + k + 1]].lockKey) {
                    k++;
                }
                if (key < cases[order[n + k]].lockKey) {
                    order[n + j] = order[n + k];
                    j = k;
                    continue;
                }
                break;
            }
            order[n + j] = o;
        }
        s.lockOrderCount = n;
        return n;
    }

    /**
     * Whether {@code order[n, 2n)}, the lock order of an earlier select with as many cases with a
     * channel, is one for {@code cases} too: n case indices, each of a case with a channel, their
     * channel ids strictly increasing. Then the indices are distinct, so they are exactly this
     * select's n cases with a channel, sorted: the order the heap sort would produce. With two
     * cases on one channel (equal ids) it does not hold, and the sort runs, so that their order
     * (which decides which of them a waker finds first) stays permuted by the poll order.
     */
    private static boolean lockOrderStillHolds(SelectCase[] cases, int[] order, int n) {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            int o = order[n + i];
            if (o >= cases.length) {
                return false;
            }
            SelectCase c = cases[o];
            if (c.chan == null || c.kind == SelectCase.DEFAULT || c.lockKey <= last) {
                return false;
            }
            last = c.lockKey;
        }
        return true;
    }

    /** sellock: locks each channel once, in lock order. */
    static void lock(SelectCase[] cases, int[] order, int n) {
        HChan last = null;
        for (int i = 0; i < n; i++) {
            HChan c = cases[order[n + i]].chan;
            if (c != last) {
                c.lock();
                last = c;
            }
        }
    }

    /**
     * selunlock: unlocks in reverse lock order. Nothing of the select may be touched after the
     * last unlock: a waker may already have readied the goroutine, which then reuses it.
     */
    static void unlock(SelectCase[] cases, int[] order, int n) {
        for (int i = n - 1; i >= 0; i--) {
            HChan c = cases[order[n + i]].chan;
            if (i > 0 && c == cases[order[n + i - 1]].chan) {
                continue; // unlocked at the next step
            }
            c.unlock();
        }
    }

    /** selparkcommit: the park's unlock function. */
    static boolean unlockAfterPark(G gp, Object parker) {
        SelectScratch s = ((Parker) parker).scratch();
        SelectCase[] cases = s.selecting;
        s.selecting = null;
        unlock(cases, s.order, s.selectingCount);
        return true;
    }

    static boolean never(G gp, Object arg) {
        return true;
    }

    /**
     * Pass 1: the first case in poll order that can proceed now, completed; all channels are
     * unlocked and the partner (if any) woken. {@link #NONE}, still locked, when none can.
     */
    static int pass1(Parker p, SelectCase[] cases, int n) {
        int[] order = p.scratch().order;
        for (int i = 0; i < n; i++) {
            int casi = order[i];
            SelectCase cas = cases[casi];
            HChan c = cas.chan;
            if (cas.kind == SelectCase.RECV) {
                Waiter s = c.dequeueSend();
                if (s != null) {
                    Parker sender = c.takeFrom(s, p);
                    unlock(cases, order, n);
                    sender.wake();
                    return casi;
                }
                if (c.hasBuffered()) {
                    c.take(p);
                    unlock(cases, order, n);
                    return casi;
                }
                if (c.closedLocked()) {
                    p.ref = null;
                    p.bits = 0;
                    p.success = false;
                    unlock(cases, order, n);
                    return casi;
                }
            } else {
                if (c.closedLocked()) {
                    unlock(cases, order, n);
                    throw new ChanClosedException("send on closed channel");
                }
                Waiter r = c.dequeueRecv();
                if (r != null) {
                    Parker receiver = c.handOff(r, cas.ref, cas.bits);
                    unlock(cases, order, n);
                    receiver.wake();
                    return casi;
                }
                if (c.hasRoom()) {
                    c.put(cas.ref, cas.bits);
                    unlock(cases, order, n);
                    return casi;
                }
            }
        }
        return NONE;
    }

    /** Pass 2: one waiter per case, enqueued in lock order. Locks held. */
    static void pass2(Parker p, SelectCase[] cases, int n) {
        p.resetSelect();
        int[] order = p.scratch().order;
        for (int i = 0; i < n; i++) {
            int casi = order[n + i];
            SelectCase cas = cases[casi];
            Waiter w = p.scratch().caseWaiter(casi, cases.length, p);
            boolean send = cas.kind == SelectCase.SEND;
            w.prepare(cas.chan, send ? cas.ref : null, send ? cas.bits : 0L, true);
            cas.chan.enqueue(w, send);
        }
    }

    /**
     * Pass 3, after the wake, locks held: the winning waiter (Go's gp.param) was dequeued by its
     * waker; take every other one out of its queue. Unlocks. Returns the winning case, or
     * {@link #NONE} if none won; throws if the winner was a send woken by close.
     */
    static int pass3(Parker p, SelectCase[] cases, int n) {
        p.resetSelect();
        Waiter won = p.param;
        p.param = null;
        int[] order = p.scratch().order;
        int chosen = NONE;
        boolean sendClosed = false;
        for (int i = 0; i < n; i++) {
            int casi = order[n + i];
            SelectCase cas = cases[casi];
            Waiter w = p.scratch().caseWaiters[casi];
            if (w == won) {
                chosen = casi;
                if (cas.kind == SelectCase.RECV) {
                    p.ref = w.ref;
                    p.bits = w.bits;
                    p.success = w.success;
                } else {
                    sendClosed = !w.success;
                }
            } else {
                cas.chan.remove(w, cas.kind == SelectCase.SEND);
            }
            w.clear();
        }
        unlock(cases, order, n);
        if (sendClosed) {
            throw new ChanClosedException("send on closed channel");
        }
        return chosen;
    }
}
