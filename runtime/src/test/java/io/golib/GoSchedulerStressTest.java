package io.golib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scheduler stress, scaled by {@code -Dgolib.stress.scale} (default 1). */
@Timeout(180)
class GoSchedulerStressTest {
    private static final double SCALE = Double.parseDouble(System.getProperty("golib.stress.scale", "1"));

    /** 1,000,000 goroutines spawned and joined; each runs exactly once. */
    @Test
    void millionGoroutinesSpawnedAndJoined() {
        int n = (int) (1_000_000 * SCALE);
        AtomicIntegerArray ran = new AtomicIntegerArray(n);
        AtomicInteger done = new AtomicInteger();
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                int id = i;
                Go.go(() -> {
                    ran.incrementAndGet(id);
                    done.incrementAndGet();
                });
            }
            while (done.get() < n) {
                Go.sleep(Duration.ofMillis(1));
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, ran.get(i), "goroutine " + i);
        }
    }
}
