package io.golib.tests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.golib.GoCallable;
import io.golib.GoRunnable;
import io.golib.runtime.stack.Continuation;
import org.opentest4j.AssertionFailedError;

/**
 * Drives a continuation from the test thread: calls {@code run()} until the body ends and counts
 * how often it returned {@code false}. That count is the proof that the frames really unwound to
 * the heap: a pinned park blocks inside {@code run()} and is not counted.
 *
 * <p>Invariant: a body that parks more than {@link #MAX_PARKS} times is taken for a transformer
 * bug (a resume that restarts the method from the top loops forever) and fails the test; a park()
 * that pins where nothing will unpark it is released and reported by the {@link Watchdog}.
 */
public final class Driver {
    /** Upper bound on parks per body; far above what any construct test needs. */
    public static final int MAX_PARKS = 1_000_000;

    private Driver() {}

    /** What one body did: how often it unwound, its result, and the exception that ended it. */
    public record Outcome(int parks, Object result, Throwable failure) {}

    /** Runs {@code c} to its end; appends {@link Trace#PARK} to {@code trace} (if any) per park. */
    public static Outcome run(Continuation c, Trace trace) {
        int parks = 0;
        try (Watchdog.Watch w = Watchdog.watch(c)) {
            while (!c.run()) {
                parks++;
                if (trace != null) {
                    trace.add(Trace.PARK);
                }
                if (parks > MAX_PARKS) {
                    fail("the body parked more than " + MAX_PARKS
                            + " times: does resume restart it?");
                }
            }
        }
        return new Outcome(parks, c.result(), c.failure());
    }

    /** Runs {@code c} to its end, failing the test if the body threw; returns the park count. */
    public static int runToEnd(Continuation c) {
        return runToEnd(c, null);
    }

    /** As {@link #runToEnd(Continuation)}, also marking each park in {@code trace}. */
    public static int runToEnd(Continuation c, Trace trace) {
        Outcome o = run(c, trace);
        if (o.failure() != null) {
            throw new AssertionFailedError("the body failed after " + o.parks() + " parks: "
                    + o.failure(), o.failure());
        }
        return o.parks();
    }

    /** Runs {@code body} in a fresh continuation; asserts it parked exactly {@code parks} times. */
    public static void expectParks(String what, int parks, GoRunnable body, Trace trace) {
        assertEquals(parks, runToEnd(new Continuation(body), trace), what + ": parks");
    }

    /** Runs {@code body} in a fresh continuation, asserts the park count, returns its result. */
    public static <T> T call(String what, int parks, GoCallable<T> body, Trace trace) {
        Continuation c = new Continuation(body);
        assertEquals(parks, runToEnd(c, trace), what + ": parks");
        @SuppressWarnings("unchecked")
        T r = (T) c.result();
        return r;
    }

    /** Runs {@code c} to its end and returns the exception that ended it (asserted non-null). */
    public static Throwable runToFailure(String what, Continuation c, Trace trace, int parks) {
        Outcome o = run(c, trace);
        assertEquals(parks, o.parks(), what + ": parks");
        assertNotNull(o.failure(), what + ": the body should have ended with an exception");
        return o.failure();
    }
}
