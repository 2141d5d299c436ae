package io.golib.benchmarks;

import io.golib.Go;
import io.golib.Goroutine;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Scheduler workloads, golib goroutines and JDK virtual threads side by side in one JVM (the
 * virtual-thread half needs JDK 21+). Median of the timed iterations after warm-up.
 *
 * <pre>
 * java -javaagent:agent/target/golib-agent-0.1.0-SNAPSHOT.jar \
 *      -cp runtime/target/classes:benchmarks/target/classes io.golib.benchmarks.SchedBench [iters]
 * </pre>
 *
 * Without channels (not in golib yet) joins are counters polled by the main goroutine every
 * 100 µs (golib) or a CountDownLatch (virtual threads): "skynet" here is the same 1M-goroutine
 * tree, summing into an atomic instead of over channels.
 */
public final class SchedBench {
    private SchedBench() {}

    public static void main(String[] args) throws Exception {
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean vt = Runtime.version().feature() >= 21;
        System.out.printf("JDK %s, GOMAXPROCS %d, %d timed iterations after 2 warm-ups%n",
                Runtime.version(), Go.gomaxprocs(), iters);
        report("spawn 1M + join", "ns/goroutine", 1_000_000, iters,
                () -> golibSpawn(1_000_000), vt ? () -> vtSpawn(1_000_000) : null);
        report("skynet-shaped tree 1M", "ms total", 1, iters,
                () -> golibSkynet(), vt ? SchedBench::vtSkynet : null);
        report("100k concurrent 1 ms sleeps", "ms total", 1, iters,
                () -> golibSleeps(100_000), vt ? () -> vtSleeps(100_000) : null);
        int old = Go.setGomaxprocs(1);
        report("gosched ping-pong, GOMAXPROCS=1 (2 × 1M yields)", "ns/yield", 2_000_000, iters,
                () -> golibYields(1_000_000), null);
        Go.setGomaxprocs(old);
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, found at run time (JDK 21+). */
    private static ExecutorService vtExecutor() {
        try {
            return (ExecutorService) java.lang.invoke.MethodHandles.publicLookup().findStatic(
                    Executors.class, "newVirtualThreadPerTaskExecutor",
                    java.lang.invoke.MethodType.methodType(ExecutorService.class)).invoke();
        } catch (Throwable t) {
            throw new IllegalStateException("virtual threads need JDK 21+", t);
        }
    }

    private static void shutdown(ExecutorService ex) {
        ex.shutdown();
        try {
            ex.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void report(String name, String unit, long per, int iters, LongSupplier golib,
            LongSupplier vt) {
        double g = median(golib, iters) / (unit.startsWith("ms") ? 1e6 : per);
        if (vt == null) {
            System.out.printf("%-48s golib %10.1f %s%n", name, g, unit);
            return;
        }
        double v = median(vt, iters) / (unit.startsWith("ms") ? 1e6 : per);
        System.out.printf("%-48s golib %10.1f  VT %10.1f %s  golib/VT %.2f%n", name, g, v, unit,
                g / v);
    }

    private static double median(LongSupplier run, int iters) {
        run.getAsLong();
        run.getAsLong();
        long[] t = new long[iters];
        for (int i = 0; i < iters; i++) {
            t[i] = run.getAsLong();
        }
        Arrays.sort(t);
        return t[iters / 2];
    }

    @Goroutine
    private static void await(AtomicInteger count, int n) {
        while (count.get() < n) {
            Go.sleep(Duration.ofNanos(100_000));
        }
    }

    static long golibSpawn(int n) {
        return Go.call(() -> {
            long t0 = System.nanoTime();
            AtomicInteger done = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                Go.go(done::incrementAndGet);
            }
            await(done, n);
            return System.nanoTime() - t0;
        });
    }

    static long vtSpawn(int n) {
        ExecutorService ex = vtExecutor();
        try {
            long t0 = System.nanoTime();
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                ex.execute(done::countDown);
            }
            done.await();
            return System.nanoTime() - t0;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            shutdown(ex);
        }
    }

    @Goroutine
    private static void skynet(long num, int size, AtomicLong sum, AtomicInteger leaves) {
        if (size == 1) {
            sum.addAndGet(num);
            leaves.incrementAndGet();
            return;
        }
        int child = size / 10;
        for (int i = 0; i < 10; i++) {
            long sub = num + (long) i * child;
            Go.go(() -> skynet(sub, child, sum, leaves));
        }
    }

    static long golibSkynet() {
        return Go.call(() -> {
            long t0 = System.nanoTime();
            AtomicLong sum = new AtomicLong();
            AtomicInteger leaves = new AtomicInteger();
            skynet(0, 1_000_000, sum, leaves);
            await(leaves, 1_000_000);
            if (sum.get() != 499_999_500_000L) {
                throw new IllegalStateException("skynet: wrong sum " + sum.get());
            }
            return System.nanoTime() - t0;
        });
    }

    static long vtSkynet() {
        AtomicLong sum = new AtomicLong();
        CountDownLatch leaves = new CountDownLatch(1_000_000);
        ExecutorService ex = vtExecutor();
        long t0 = System.nanoTime();
        vtSkynet(ex, 0, 1_000_000, sum, leaves);
        try {
            leaves.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            shutdown(ex);
        }
        if (sum.get() != 499_999_500_000L) {
            throw new IllegalStateException("skynet: wrong sum " + sum.get());
        }
        return System.nanoTime() - t0;
    }

    private static void vtSkynet(ExecutorService ex, long num, int size, AtomicLong sum,
            CountDownLatch leaves) {
        if (size == 1) {
            sum.addAndGet(num);
            leaves.countDown();
            return;
        }
        int child = size / 10;
        for (int i = 0; i < 10; i++) {
            long sub = num + (long) i * child;
            ex.execute(() -> vtSkynet(ex, sub, child, sum, leaves));
        }
    }

    static long golibSleeps(int n) {
        return Go.call(() -> {
            long t0 = System.nanoTime();
            AtomicInteger done = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    Go.sleep(Duration.ofMillis(1));
                    done.incrementAndGet();
                });
            }
            await(done, n);
            return System.nanoTime() - t0;
        });
    }

    static long vtSleeps(int n) {
        ExecutorService ex = vtExecutor();
        try {
            long t0 = System.nanoTime();
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                ex.execute(() -> {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.countDown();
                });
            }
            done.await();
            return System.nanoTime() - t0;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            shutdown(ex);
        }
    }

    static long golibYields(int n) {
        return Go.call(() -> {
            long t0 = System.nanoTime();
            AtomicInteger done = new AtomicInteger();
            for (int g = 0; g < 2; g++) {
                Go.go(() -> {
                    for (int i = 0; i < n; i++) {
                        Go.gosched();
                    }
                    done.incrementAndGet();
                });
            }
            await(done, 2);
            return System.nanoTime() - t0;
        });
    }
}
