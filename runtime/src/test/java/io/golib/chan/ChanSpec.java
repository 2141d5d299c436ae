package io.golib.chan;

import java.util.ArrayDeque;

/**
 * The sequential specification of a Go channel of one capacity, as a dual data structure: the
 * oracle {@link ChanSpecVerifier} checks {@link ChanLincheckTest}'s histories against. Follows the
 * Go spec ("Channel types", "Send statements", "Receive operator", "Close") and API.md's
 * channel section; it is deliberately written from those, not from {@link HChan}.
 *
 * <p>State: the buffer (at most {@link #capacity} values, FIFO), the queue of blocked senders
 * (each with its value), the queue of blocked receivers, and the closed flag. Invariants: a
 * receiver waits only when the buffer is empty and no sender waits; a sender waits only when the
 * buffer is full and no receiver waits (so for capacity 0, whenever no receiver waits).
 *
 * <p>Dual operations (Scherer and Scott, "Nonblocking concurrent data structures with condition
 * synchronization", DISC 2004; the model Lincheck uses for suspending operations): {@code send}
 * and {@code recv} either complete at once or <em>register</em> as a waiter and return
 * {@link #BLOCKED}; a later operation completes the waiter, which {@link #completed} reports
 * (the waiter's id and the result it returns). Waiter ids are the caller's (the verifier's
 * operation numbers). Results are {@link #VOID}, {@link #CLOSED_EXCEPTION}, a value, or
 * {@code null} (a receive from a closed, drained channel; a {@code tryRecv} with nothing
 * ready).
 *
 * <p>One instance is one state; {@link #copy} and {@link #key} serve the verifier's search. Not
 * thread-safe (sequential by definition).
 */
class ChanSpec {
    /** Result of {@code send} and {@code close}. */
    static final Object VOID = new Object() {
        @Override
        public String toString() {
            return "void";
        }
    };
    /** Result of an operation that throws {@link ChanClosedException}. */
    static final Object CLOSED_EXCEPTION = new Object() {
        @Override
        public String toString() {
            return "ChanClosedException";
        }
    };
    /** Returned by {@code send}/{@code recv} that registered as a waiter (no result yet). */
    static final Object BLOCKED = new Object() {
        @Override
        public String toString() {
            return "BLOCKED";
        }
    };

    final int capacity;
    private final ArrayDeque<Integer> buf = new ArrayDeque<>();
    /** Blocked senders: pairs (waiter id, value), FIFO. */
    private final ArrayDeque<int[]> senders = new ArrayDeque<>();
    /** Blocked receivers' ids, FIFO. */
    private final ArrayDeque<Integer> receivers = new ArrayDeque<>();
    private boolean closed;

    /** Waiters the last operation completed: ids and results, in completion order (at most
     *  every waiter, so at most the operations of a scenario). */
    private int[] completedIds = new int[8];
    private Object[] completedResults = new Object[8];
    private int completedCount;

    ChanSpec(int capacity) {
        this.capacity = capacity;
    }

    /** Capacity 0: the specification {@code ChanLincheckTest.Cap0} is checked against. */
    static final class Cap0 extends ChanSpec {
        Cap0() {
            super(0);
        }
    }

    static final class Cap1 extends ChanSpec {
        Cap1() {
            super(1);
        }
    }

    static final class Cap2 extends ChanSpec {
        Cap2() {
            super(2);
        }
    }

    // ---- the operations: each returns its result, or BLOCKED ----

    /** {@code ch <- v}: panics (throws) on a closed channel; else hands off, buffers or waits. */
    Object send(int id, int v) {
        clearCompleted();
        if (closed) {
            return CLOSED_EXCEPTION;
        }
        if (!receivers.isEmpty()) {
            complete(receivers.poll(), v);
            return VOID;
        }
        if (buf.size() < capacity) {
            buf.add(v);
            return VOID;
        }
        senders.add(new int[] {id, v});
        return BLOCKED;
    }

    /** {@code select { case ch <- v: true; default: false }}: throws on a closed channel. */
    Object trySend(int v) {
        clearCompleted();
        if (closed) {
            return CLOSED_EXCEPTION;
        }
        if (!receivers.isEmpty()) {
            complete(receivers.poll(), v);
            return Boolean.TRUE;
        }
        if (buf.size() < capacity) {
            buf.add(v);
            return Boolean.TRUE;
        }
        return Boolean.FALSE;
    }

    /** {@code <-ch}: the next value; null once closed and drained; else waits. */
    Object recv(int id) {
        clearCompleted();
        Object r = take();
        if (r != null) {
            return r;
        }
        if (closed) {
            return null;
        }
        receivers.add(id);
        return BLOCKED;
    }

    /** {@code select { case v := <-ch: v; default: null }} (null also when closed and drained). */
    Object tryRecv() {
        clearCompleted();
        return take();
    }

    /** {@code close(ch)}: throws if closed; wakes every receiver (null) and sender (throws). */
    Object close() {
        clearCompleted();
        if (closed) {
            return CLOSED_EXCEPTION;
        }
        closed = true;
        while (!receivers.isEmpty()) {
            complete(receivers.poll(), null);
        }
        while (!senders.isEmpty()) {
            complete(senders.poll()[0], CLOSED_EXCEPTION);
        }
        return VOID;
    }

    /** {@code len(ch)}: values in the buffer (blocked senders' values are not in it). */
    Object len() {
        clearCompleted();
        return buf.size();
    }

    /** The head of the buffer (refilled from the first blocked sender, which completes), or the
     *  first blocked sender's value (capacity 0), or null if neither. */
    private Integer take() {
        if (!buf.isEmpty()) {
            Integer v = buf.poll();
            if (!senders.isEmpty()) {
                int[] s = senders.poll();
                buf.add(s[1]);
                complete(s[0], VOID);
            }
            return v;
        }
        if (!senders.isEmpty()) {
            int[] s = senders.poll();
            complete(s[0], VOID);
            return s[1];
        }
        return null;
    }

    // ---- waiters the last operation completed ----

    int completedCount() {
        return completedCount;
    }

    int completedId(int i) {
        return completedIds[i];
    }

    Object completedResult(int i) {
        return completedResults[i];
    }

    private void complete(int id, Object result) {
        if (completedCount == completedIds.length) {
            completedIds = java.util.Arrays.copyOf(completedIds, 2 * completedCount);
            completedResults = java.util.Arrays.copyOf(completedResults, 2 * completedCount);
        }
        completedIds[completedCount] = id;
        completedResults[completedCount] = result;
        completedCount++;
    }

    private void clearCompleted() {
        completedCount = 0;
    }

    // ---- for the search ----

    ChanSpec copy() {
        ChanSpec c = new ChanSpec(capacity);
        c.buf.addAll(buf);
        for (int[] s : senders) {
            c.senders.add(s.clone());
        }
        c.receivers.addAll(receivers);
        c.closed = closed;
        return c;
    }

    /** The state as a string, equal for equal states (waiter ids included). */
    String key() {
        StringBuilder b = new StringBuilder();
        b.append(closed ? 'C' : 'O').append(buf);
        b.append('s');
        for (int[] s : senders) {
            b.append(s[0]).append(':').append(s[1]).append(',');
        }
        b.append('r').append(receivers);
        return b.toString();
    }

    @Override
    public String toString() {
        return "ChanSpec[cap=" + capacity + " " + key() + "]";
    }
}
