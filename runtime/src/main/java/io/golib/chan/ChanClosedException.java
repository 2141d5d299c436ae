package io.golib.chan;

/**
 * An operation that a closed channel forbids: "send on closed channel" (also a send that was
 * blocked when the channel closed, and {@code trySend} or a select send case on a closed
 * channel) and "close of closed channel". Go panics with the same words.
 */
public class ChanClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ChanClosedException(String message) {
        super(message);
    }
}
