package io.golib.tests.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.golib.Go;
import io.golib.GoRunnable;
import io.golib.GoroutineException;
import io.golib.sync.Once;
import io.golib.sync.WaitGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Once: Go's once_test.go cases, plus concurrent callers that must wait, and threads. */
@Timeout(60)
class OnceTest {

    /**
     * Go's TestOnce, with a slow function: every concurrent caller (goroutines and threads)
     * returns only after the one call has finished, and sees its effect.
     */
    @Test
    void exactlyOnceAndCallersWaitForIt() {
        Once once = new Once();
        AtomicInteger calls = new AtomicInteger();
        int[] value = {0};
        AtomicInteger sawUnset = new AtomicInteger();
        GoRunnable f = () -> {
            calls.incrementAndGet();
            Go.sleep(Duration.ofMillis(20)); // the others must wait meanwhile
            value[0] = 1;
        };
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 10; i++) {
                wg.go(() -> {
                    once.run(f);
                    if (value[0] != 1) {
                        sawUnset.incrementAndGet();
                    }
                });
            }
            Thread[] ts = new Thread[2];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = SyncSupport.startThread("once-" + i, () -> {
                    once.run(f);
                    if (value[0] != 1) {
                        sawUnset.incrementAndGet();
                    }
                });
            }
            SyncSupport.joinAll(ts); // first: a thread may hold the Once while goroutines wait
            wg.await();
        });
        assertEquals(1, calls.get(), "calls");
        assertEquals(0, sawUnset.get(), "callers that returned before the call finished");
        assertEquals("Once[done]", once.toString());
    }

    /** Go's TestOncePanic: a throwing function counts as done; later calls do nothing. */
    @Test
    void throwingFunctionCountsAsDone() {
        Once once = new Once();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> once.run(() -> {
                    throw new IllegalStateException("failed");
                }));
        assertEquals("failed", e.getMessage());
        AtomicInteger calls = new AtomicInteger();
        once.run(() -> calls.incrementAndGet());
        once.run(() -> calls.incrementAndGet());
        assertEquals(0, calls.get(), "Once called twice");

        Once checked = new Once();
        IOException io = new IOException("io");
        GoroutineException w = assertThrows(GoroutineException.class, () -> checked.run(() -> {
            throw io;
        }));
        assertSame(io, w.getCause());
        checked.run(() -> calls.incrementAndGet());
        assertEquals(0, calls.get());

        NullPointerException npe = assertThrows(NullPointerException.class, () -> once.run(null));
        assertEquals("Once.run: f is null", npe.getMessage());
    }
}
