package io.golib.context;

/**
 * A context that can be cancelled: what {@link Context#withCancel}, {@link Context#withDeadline}
 * and {@link Context#withTimeout} return, the context and Go's {@code CancelFunc} in one object.
 * {@link #close()} cancels, so try-with-resources is Go's {@code defer cancel()}:
 *
 * <pre>{@code
 * try (CancelContext ctx = Context.withTimeout(parent, Duration.ofSeconds(2))) {
 *     return fetch(ctx);                     // sees ctx.done() closed after 2 s
 * }                                          // cancelled here: its timer and children released
 * }</pre>
 *
 * <p>Cancelling releases what the context holds (its deadline timer, its place among its
 * parent's children), so call {@link #cancel()} as soon as the work is done, as Go asks.
 */
public interface CancelContext extends Context, AutoCloseable {
    /**
     * Cancels this context and all its descendants with {@link ContextError#CANCELED}, unless it
     * is already done; does not wait for the work to stop. Idempotent; any thread, any number of
     * times, concurrently. Go's {@code CancelFunc}.
     */
    void cancel();

    /** {@link #cancel()}, for try-with-resources; throws nothing. */
    @Override
    default void close() {
        cancel();
    }
}
