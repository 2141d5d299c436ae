package io.golib;

/**
 * Unchecked wrapper for a checked exception thrown by a goroutine body, rethrown to the caller of
 * {@code Go.run} or {@code Go.call}. {@link #getCause()} is the original exception.
 */
public class GoroutineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Wraps {@code cause}, a checked exception that escaped a goroutine. */
    public GoroutineException(Throwable cause) {
        super(cause);
    }

    /** A failure with its own message and cause. */
    public GoroutineException(String message, Throwable cause) {
        super(message, cause);
    }
}
