package io.golib.tests.support;

import io.golib.runtime.stack.Continuation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Keeps a transformer bug from hanging the test run: when a park() that should have unwound pins
 * instead (a frame that was not rewritten, a lost call-site key), the carrier blocks until
 * somebody calls unpark(), and in a test nobody would. The watchdog unparks a continuation whose
 * carrier stayed blocked on it for {@link #LIMIT_NANOS}, and {@link Watch#close()} then fails the
 * test with a message naming the pin. Intentional pins ({@link Unparker}) are released within
 * milliseconds, far below the limit.
 *
 * <p>Invariant: one daemon thread polls the registered (carrier, continuation) pairs; entries are
 * added and removed only by the carrier thread that runs the continuation.
 */
public final class Watchdog {
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final Map<Watch, Boolean> WATCHED = new ConcurrentHashMap<>();

    static {
        Thread t = new Thread(Watchdog::loop, "golib-test-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private Watchdog() {}

    /** A registration; close it when the continuation's run() calls are over. */
    public static final class Watch implements AutoCloseable {
        final Thread carrier;
        final Continuation c;
        long blockedSince;
        volatile int rescues;

        Watch(Thread carrier, Continuation c) {
            this.carrier = carrier;
            this.c = c;
        }

        /** Unregisters; fails if the watchdog had to release a pinned park. */
        @Override
        public void close() {
            WATCHED.remove(this);
            if (rescues > 0) {
                throw new AssertionFailedError("park() pinned the carrier (blocked in place) "
                        + rescues + " time(s) where nothing would unpark it; the watchdog released"
                        + " it. The frames should have unwound to run(): a frame on the way was"
                        + " not rewritten or did not recognise its caller.");
            }
        }
    }

    /** Watches {@code c} run by the calling thread. */
    public static Watch watch(Continuation c) {
        Watch w = new Watch(Thread.currentThread(), c);
        WATCHED.put(w, Boolean.TRUE);
        return w;
    }

    private static void loop() {
        while (true) {
            long now = System.nanoTime();
            for (Watch w : WATCHED.keySet()) {
                if (LockSupport.getBlocker(w.carrier) == w.c) {
                    if (w.blockedSince == 0) {
                        w.blockedSince = now;
                    } else if (now - w.blockedSince > LIMIT_NANOS) {
                        w.rescues++;
                        w.blockedSince = 0;
                        w.c.unpark();
                    }
                } else {
                    w.blockedSince = 0;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
