package io.golib.chan;

import io.golib.Goroutine;

/**
 * The sending end of a channel (Go's {@code chan<- T}). {@link Chan} implements it; select send
 * cases take one.
 *
 * @param <T> the element type; null is never an element
 */
public interface SendChan<T> {
    /**
     * Sends {@code value}, parking until a receiver takes it (unbuffered) or there is room in
     * the buffer. From a plain thread, blocks the thread.
     *
     * @throws NullPointerException if {@code value} is null
     * @throws ChanClosedException "send on closed channel", also when it closes while blocked
     */
    @Goroutine
    void send(T value);

    /**
     * Sends {@code value} if a receiver is waiting or the buffer has room, without blocking
     * (Go's {@code select} with a send case and a default).
     *
     * @return whether it was sent
     * @throws ChanClosedException if the channel is closed
     */
    boolean trySend(T value);

    /** Closes the channel: no more sends; receivers drain the buffer, then get null.
     *  @throws ChanClosedException "close of closed channel" */
    void close();

    /** Elements in the buffer now. */
    int len();

    /** The buffer size (0 for unbuffered). */
    int cap();
}
