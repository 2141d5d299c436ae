package io.golib;

/**
 * Thrown by {@code Go.run} when its main goroutine is blocked and nothing can ever wake it: Go's
 * "all goroutines are asleep - deadlock!". The message lists every goroutine with its wait
 * reason and logical stack trace.
 */
public class DeadlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeadlockException(String message) {
        super(message);
    }
}
