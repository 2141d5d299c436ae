package io.golib.chan;

import io.golib.Goroutine;

/**
 * What a select receive case does with the value it received: {@code null} when the channel was
 * closed and drained (Go's {@code v, ok := <-ch} with {@code ok} false). A golib functional
 * interface: its body may park.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface RecvHandler<T> {
    @Goroutine
    void onRecv(T value) throws Exception;
}
