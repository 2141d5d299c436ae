package io.golib.chan;

import io.golib.Goroutine;

/**
 * The receiving end of a channel (Go's {@code <-chan T}). {@link Chan} implements it; select
 * receive cases take one. Iterating receives until the channel is closed and drained (Go's
 * {@code for v := range ch}).
 *
 * @param <T> the element type; null is never an element
 */
public interface RecvChan<T> extends Iterable<T> {
    /**
     * Receives the next value, parking until one is there. From a plain thread, blocks the thread.
     *
     * @return the value, or null once the channel is closed and drained
     */
    @Goroutine
    T recv();

    /** Receives a value if one is ready, without blocking; null when none is (or when the
     *  channel is closed and drained: {@link #isClosed()} tells them apart). */
    T tryRecv();

    /** Whether {@link SendChan#close()} was called (values may still be buffered). */
    boolean isClosed();

    /** Elements in the buffer now. */
    int len();

    /** The buffer size (0 for unbuffered). */
    int cap();
}
