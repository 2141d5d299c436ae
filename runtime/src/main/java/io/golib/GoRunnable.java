package io.golib;

/**
 * golib's {@code Runnable}: the body of a goroutine. Its body may park (block on channels, locks,
 * timers, sockets) without blocking a carrier thread, and may throw checked exceptions.
 *
 * <pre>{@code
 * Go.go(() -> out.send(compute()));
 * }</pre>
 */
@FunctionalInterface
public interface GoRunnable {
    /** Runs the body; may park. */
    @Goroutine
    void run() throws Exception;
}
