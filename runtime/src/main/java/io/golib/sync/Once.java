package io.golib.sync;

import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.GoroutineException;
import java.util.Objects;

/**
 * Performs exactly one action: Go's {@code sync.Once}.
 *
 * <pre>{@code
 * private final Once once = new Once();
 * private Config config;
 *
 * Config config() {
 *     once.run(() -> config = Config.load());
 *     return config;   // loaded exactly once, and visible to every caller
 * }
 * }</pre>
 *
 * <p>Only the first {@link #run} calls its function; no call returns before that function has
 * returned, so concurrent callers wait for it (parking, wait reason {@code "sync.Mutex.Lock"}),
 * and everything it wrote is visible to them. If the function throws, {@code Once} counts it as
 * done, as Go does when {@code f} panics: the exception reaches the first caller, and later calls
 * return at once without calling anything. Calling {@code run} from inside the function
 * deadlocks, as in Go.
 *
 * <p>Port of go1.22 sync/once.go: Do, doSlow.
 */
public final class Once {
    /** Whether the action has run. Set after it returns (release), read first (acquire). */
    private volatile boolean done;
    /** Serializes the first callers. */
    private final Mutex m = new Mutex();

    /** A Once that has not run yet. */
    public Once() {
    }

    /**
     * Calls {@code f} if this is the first call of {@code run} on this Once; otherwise waits
     * until the first call's {@code f} has returned (or thrown), then returns.
     *
     * @throws NullPointerException if {@code f} is null
     * @throws RuntimeException what {@code f} threw (checked exceptions wrapped in
     *     {@link GoroutineException}), to the first caller only
     */
    @Goroutine
    public void run(GoRunnable f) {
        Objects.requireNonNull(f, "Once.run: f is null");
        // Not a CAS: a second caller must not return before the first one's f has finished,
        // so the flag is set only after f returns, and the slow path waits on the mutex.
        if (!done) {
            runSlow(f);
        }
    }

    @Goroutine
    private void runSlow(GoRunnable f) {
        m.lock();
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    done = true;
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new GoroutineException(e);
        } finally {
            m.unlock();
        }
    }

    /** {@code Once[done]} once the action has returned or thrown, else {@code Once[not done]}. */
    @Override
    public String toString() {
        return done ? "Once[done]" : "Once[not done]";
    }
}
