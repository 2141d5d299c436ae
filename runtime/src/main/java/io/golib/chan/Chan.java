package io.golib.chan;

import io.golib.Goroutine;
import io.golib.runtime.stack.CallKey;
import io.golib.runtime.stack.Continuation;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A channel of references (Go's {@code chan T}): {@code Chan.make()} is unbuffered,
 * {@code Chan.make(n)} holds up to n values. FIFO for values and for blocked senders and
 * receivers. Goroutines park on it; plain Java threads block; both interoperate. The algorithm
 * is {@link HChan}'s, shared with the primitive channels.
 *
 * @param <T> the element type; null is never an element (a received null means "closed")
 */
public final class Chan<T> extends HChan implements SendChan<T>, RecvChan<T> {
    private Chan(int capacity) {
        super(capacity, false);
    }

    /** An unbuffered channel: a send completes when a receiver takes the value. */
    public static <T> Chan<T> make() {
        return new Chan<>(0);
    }

    /**
     * A channel with a buffer of {@code capacity} values (0: unbuffered).
     *
     * @throws IllegalArgumentException if {@code capacity} is negative or past the largest array
     *     the JVM makes
     */
    public static <T> Chan<T> make(int capacity) {
        return new Chan<>(capacity);
    }

    // send and recv are blocking primitives (see HChan.sendOrQueue): a goroutine that blocks
    // parks in the caller's frame, keyed as its rewritten callers call them.
    private static final int SEND_KEY = CallKey.of("send", "(Ljava/lang/Object;)V");
    private static final int RECV_KEY = CallKey.of("recv", "()Ljava/lang/Object;");

    @Override
    @Goroutine
    public void send(T value) {
        Parker p = sendOrQueue(Objects.requireNonNull(value,
                "send(null): null is never a channel element"), 0L);
        if (p != null) { // queued, channel locked (see HChan.sendOrQueue)
            if (p.prepareBlock(SEND_WAIT, UNLOCK_AFTER_PARK, this)
                    && Continuation.parkAs(SEND_KEY, SENT)) {
                return; // the caller's frame parks; SENT ends the send
            }
            sendWaited(p);
        }
    }

    @Override
    public boolean trySend(T value) {
        return trySendNow(Objects.requireNonNull(value,
                "trySend(null): null is never a channel element"), 0L);
    }

    @Override
    @Goroutine
    @SuppressWarnings("unchecked")
    public T recv() {
        Parker p = Parker.current();
        if (recvOrQueue(p) == NOT_READY) { // queued, channel locked (see HChan.recvOrQueue)
            if (p.prepareBlock(RECV_WAIT, UNLOCK_AFTER_PARK, this)
                    && Continuation.parkAs(RECV_KEY, RECEIVED_REF)) {
                return null; // the caller's frame parks; RECEIVED_REF gives it the element
            }
            recvWaited(p);
        }
        return (T) p.takeRef();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T tryRecv() {
        Parker p = Parker.current();
        if (tryRecvNow(p) != RECEIVED) {
            return null;
        }
        return (T) p.takeRef();
    }

    /**
     * Receives until the channel is closed and drained. {@code hasNext()} parks until a value
     * arrives or the channel closes. One iterator per loop: it holds the value it looked ahead.
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<T>() {
            private T next;

            @Override
            @Goroutine
            public boolean hasNext() {
                if (next == null) {
                    next = recv();
                }
                return next != null;
            }

            @Override
            @Goroutine
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed and drained");
                }
                T v = next;
                next = null;
                return v;
            }
        };
    }

    @Override
    public String toString() {
        return "Chan[len=" + len() + ", cap=" + cap() + (isClosed() ? ", closed]" : "]");
    }
}
