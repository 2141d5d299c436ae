package io.golib;

/**
 * golib's {@code Callable}: a goroutine body that produces a result. Its body may park and may
 * throw checked exceptions.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface GoCallable<T> {
    /** Computes the result; may park. */
    @Goroutine
    T call() throws Exception;
}
