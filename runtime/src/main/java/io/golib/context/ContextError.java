package io.golib.context;

/**
 * Why a context is done: what {@link Context#err()} returns once {@link Context#done()} is
 * closed. Port of go1.22 context/context.go: {@code Canceled} and {@code DeadlineExceeded}, with
 * Go's texts. Compare with {@code ==} (Go compares the error values).
 */
public enum ContextError {
    /** The context was cancelled: its {@link CancelContext#cancel()}, or an ancestor's. */
    CANCELED("context canceled"),
    /** The context's deadline passed (its own, or the one it inherited). */
    DEADLINE_EXCEEDED("context deadline exceeded");

    private final String message;

    ContextError(String message) {
        this.message = message;
    }

    /** Go's {@code Error()}: "context canceled" or "context deadline exceeded". */
    public String message() {
        return message;
    }

    /** Whether this error is a timeout (Go's {@code DeadlineExceeded.Timeout()}). */
    public boolean isTimeout() {
        return this == DEADLINE_EXCEEDED;
    }

    /** The message, as Go prints the error. */
    @Override
    public String toString() {
        return message;
    }
}
