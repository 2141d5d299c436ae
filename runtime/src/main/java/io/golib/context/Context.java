package io.golib.context;

import io.golib.chan.RecvChan;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Go's {@code context.Context}: carries a cancellation signal, a deadline and request-scoped
 * values across API boundaries and goroutines. Port of go1.22 context/context.go: the
 * {@code Context} interface, {@code Background}, {@code TODO}, {@code WithCancel},
 * {@code WithDeadline}, {@code WithTimeout}, {@code WithValue}; the implementations are
 * {@link EmptyCtx} ({@code emptyCtx}), {@link CancelCtx} ({@code cancelCtx},
 * {@code propagateCancel}, {@code parentCancelCtx}, {@code removeChild}), {@link TimerCtx}
 * ({@code timerCtx}) and {@link ValueCtx} ({@code valueCtx}, {@code value}).
 *
 * <pre>{@code
 * static final Context.Key<String> USER = Context.key("user");
 *
 * try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(1))) {
 *     Context req = Context.withValue(ctx, USER, "gopher");
 *     go(() -> worker(req));
 *     ...
 * }                                                  // cancels: the worker sees done() closed
 *
 * static void worker(Context ctx) {
 *     for (;;) {
 *         if (select(recv(ctx.done()), recv(jobs, j -> run(j))) == 0) {
 *             System.out.println(ctx.value(USER) + ": " + ctx.err());  // gopher: context canceled
 *             return;
 *         }
 *     }
 * }
 * }</pre>
 *
 * <h2>Design</h2>
 * Contexts form a tree. Each cancellable context ({@link CancelCtx}) keeps the set of its
 * cancellable children; cancelling one closes its {@link #done()} channel, cancels its children
 * with the same error, and takes it out of its parent's set, so a cancelled subtree leaves
 * nothing behind. A value context is a link in the chain that answers {@link #value} for one key
 * and delegates everything else. A deadline is a {@link CancelCtx} plus an
 * {@code io.golib.time} timer ({@code Time.afterFunc}) that cancels it with
 * {@link ContextError#DEADLINE_EXCEEDED}; cancelling stops the timer. A child never outlives its
 * parent's deadline: {@link #withDeadline} with a later deadline than the parent's is a plain
 * {@link #withCancel}, whose {@link #deadline()} is the parent's.
 *
 * <p>Any class may implement {@code Context}, as in Go. A cancellable child finds the nearest
 * golib {@link CancelCtx} above it through {@code value(cancelCtxKey)} (which a wrapper passes
 * on to its parent) and registers there if that context's {@code done()} is the wrapper's; if
 * not, a goroutine waits for whichever of the parent and the child finishes first (Go's
 * {@code propagateCancel}).
 *
 * <p>Differences from Go: {@link #background()}'s {@code done()} is a channel that is never
 * closed (a shared constant) rather than nil; a select case on it is simply never ready. Done
 * channels carry no values; only {@link CancelContext#cancel()} may close them (they are
 * {@link RecvChan}s: never cast one to close or send).
 *
 * <p>Every method is safe from goroutines and plain threads, concurrently, and none parks:
 * creating and cancelling contexts never blocks (a few short internal locks).
 */
public interface Context {
    /**
     * A channel that is closed when this context is cancelled or its deadline passes; it never
     * carries a value. The same channel on every call. {@link #background()}'s is never closed.
     * Go's {@code Done()}; use it in a select: {@code select(recv(ctx.done()), ...)}.
     */
    RecvChan<?> done();

    /**
     * Null while {@link #done()} is open; once it is closed, why: {@link ContextError#CANCELED}
     * or {@link ContextError#DEADLINE_EXCEEDED}, the same on every later call. Go's
     * {@code Err()}.
     */
    ContextError err();

    /**
     * When this context will be cancelled by its deadline, if it has one (its own, or the
     * earlier one it inherited). Go's {@code Deadline()}.
     */
    Optional<Instant> deadline();

    /**
     * The value stored under {@code key} in this context or the nearest ancestor that has one;
     * null if none. Keys compare by identity. Go's {@code Value(key)}.
     */
    <V> V value(Key<V> key);

    /** Whether this context is done: {@code err() != null}. */
    default boolean isDone() {
        return err() != null;
    }

    // =========================================================================================
    // Roots
    // =========================================================================================

    /**
     * The root context: never cancelled, no deadline, no values; its {@link #done()} is never
     * closed. Use it in {@code main}, initialisation and tests, as the top of a tree. Go's
     * {@code context.Background()}. {@code toString()} is "context.Background".
     */
    static Context background() {
        return EmptyCtx.BACKGROUND;
    }

    /**
     * An empty root context like {@link #background()}, for code that will get a context from
     * its caller later. Go's {@code context.TODO()}. {@code toString()} is "context.TODO".
     */
    static Context todo() {
        return EmptyCtx.TODO;
    }

    // =========================================================================================
    // Derived contexts
    // =========================================================================================

    /**
     * A child of {@code parent} with its own {@link #done()} channel, closed by
     * {@link CancelContext#cancel()} or when the parent is done, whichever comes first; then its
     * {@link #err()} is the parent's error or {@link ContextError#CANCELED}. A child of a done
     * parent is born done, with the parent's error. Go's {@code context.WithCancel}.
     *
     * @throws NullPointerException "cannot create context from nil parent"
     */
    static CancelContext withCancel(Context parent) {
        Objects.requireNonNull(parent, "cannot create context from nil parent");
        CancelCtx c = new CancelCtx(parent);
        c.propagateCancel();
        return c;
    }

    /**
     * A child of {@code parent} that is also cancelled, with
     * {@link ContextError#DEADLINE_EXCEEDED}, when {@code deadline} passes. If the parent's
     * deadline is earlier, this is {@link #withCancel(Context)} (a child never outlives its
     * parent's deadline) and {@link #deadline()} reports the parent's. A deadline that has
     * already passed gives a context born done with {@code DEADLINE_EXCEEDED}. Cancel it when the
     * work is done, to stop its timer. Go's {@code context.WithDeadline}.
     *
     * @throws NullPointerException "cannot create context from nil parent", or if
     *     {@code deadline} is null
     */
    static CancelContext withDeadline(Context parent, Instant deadline) {
        Objects.requireNonNull(parent, "cannot create context from nil parent");
        Objects.requireNonNull(deadline, "withDeadline: the deadline is null");
        return TimerCtx.withDeadline(parent, deadline);
    }

    /**
     * {@code withDeadline(parent, Instant.now().plus(timeout))}. Go's
     * {@code context.WithTimeout}.
     *
     * <pre>{@code
     * try (CancelContext ctx = Context.withTimeout(parent, Duration.ofMillis(100))) {
     *     return slowOperation(ctx);  // cancel releases the timer if it finishes in time
     * }
     * }</pre>
     *
     * @throws NullPointerException "cannot create context from nil parent", or if
     *     {@code timeout} is null
     */
    static CancelContext withTimeout(Context parent, Duration timeout) {
        Objects.requireNonNull(parent, "cannot create context from nil parent");
        Objects.requireNonNull(timeout, "withTimeout: the timeout is null");
        Instant now = Instant.now();
        Instant deadline;
        try {
            deadline = now.plus(timeout);
        } catch (DateTimeException | ArithmeticException e) {
            deadline = timeout.isNegative() ? Instant.MIN : Instant.MAX; // beyond the calendar
        }
        return TimerCtx.withDeadline(parent, deadline);
    }

    /**
     * A child of {@code parent} whose {@link #value} for {@code key} is {@code value} (which may
     * be null, hiding an ancestor's); everything else is the parent's. For request-scoped data,
     * not optional parameters. Go's {@code context.WithValue}.
     *
     * @throws NullPointerException "cannot create context from nil parent", or "nil key"
     */
    static <V> Context withValue(Context parent, Key<V> key, V value) {
        Objects.requireNonNull(parent, "cannot create context from nil parent");
        Objects.requireNonNull(key, "nil key");
        return new ValueCtx(parent, key, value);
    }

    /**
     * A new key for {@link #withValue} and {@link #value}, distinct from every other key (keys
     * compare by identity, whatever their names). Keep it in a constant; its type parameter
     * types the values.
     *
     * @param name shown by {@code toString()}, for debugging
     * @throws NullPointerException if {@code name} is null
     */
    static <V> Key<V> key(String name) {
        return new Key<>(Objects.requireNonNull(name, "key: the name is null"));
    }

    /**
     * A context value key (Go's unexported key types): equal only to itself.
     *
     * @param <V> the type of the values stored under it
     */
    final class Key<V> {
        private final String name;

        private Key(String name) {
            this.name = name;
        }

        /** The name given to {@link Context#key}. */
        public String name() {
            return name;
        }

        /** The name. */
        @Override
        public String toString() {
            return name;
        }
    }
}
