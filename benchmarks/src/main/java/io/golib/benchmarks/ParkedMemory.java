package io.golib.benchmarks;

import io.golib.Go;
import io.golib.Goroutine;
import io.golib.chan.Chan;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Memory per parked goroutine (golib) or virtual thread, each blocked receiving on its own
 * unbuffered channel ({@code Chan<Integer>} / {@code SynchronousQueue<Integer>}), as the anchors'
 * {@code go/parkedmem} and {@code loom/ParkedMem.java}: heap used after three
 * {@code System.gc()} (MemoryMXBean) before and after parking {@code n}, divided by {@code n}
 * (so the channel, the closure and the goroutine's saved frames are included; the arrays holding
 * the channels are allocated before the first reading, as in the anchors), plus the VmRSS delta;
 * then every one is released (a send to each) and must finish within 60 s.
 *
 * <p>A figure is only clean as the first measurement of its process (the heap does not shrink
 * back), so {@link ChanBench} runs one implementation per process unless told otherwise. Both
 * warm up first with one parked-and-released thread, as the anchors do (cold JIT).
 */
final class ParkedMemory {
    private ParkedMemory() {}

    /** The figures of one measurement. */
    record Result(String impl, int n, double heapPerThread, double rssPerThread, int parked,
            double parkMs, double releaseMs, boolean allFinished) {
        String line() {
            return String.format("RESULT workload=parkedmem impl=%s n=%d metric=bytes_per_thread"
                    + " heap=%.0f rss=%.0f parked=%d park_ms=%.1f release_ms=%.1f"
                    + " all_finished=%b", impl, n, heapPerThread, rssPerThread, parked, parkMs,
                    releaseMs, allFinished);
        }
    }

    static long rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.split("\\s+")[1]) * 1024;
                }
            }
        } catch (java.io.IOException e) {
            // not Linux: no RSS figure
        }
        return -1;
    }

    /** Heap used after three full GCs, 50 ms apart (the anchors' heapUsed). */
    @Goroutine
    static long heapUsed() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Go.sleep(Duration.ofMillis(50)); // Thread.sleep outside a goroutine
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Waits (polling every 100 µs) until {@code count} reaches {@code n}, or the deadline. */
    @Goroutine
    static boolean await(AtomicInteger count, int n, long deadlineNanos) {
        while (count.get() < n) {
            if (System.nanoTime() - deadlineNanos > 0) {
                return false;
            }
            Go.sleep(Duration.ofNanos(100_000));
        }
        return true;
    }

    static Result golib(int n) {
        return Go.call(() -> {
            // warm-up: one goroutine parked and released
            Chan<Integer> w = Chan.make();
            AtomicInteger wdone = new AtomicInteger();
            Go.go(() -> {
                w.recv();
                wdone.incrementAndGet();
            });
            Go.sleep(Duration.ofMillis(50));
            w.send(0);
            await(wdone, 1, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));

            @SuppressWarnings("unchecked")
            Chan<Integer>[] chans = new Chan[n];
            AtomicInteger started = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            long h0 = heapUsed();
            long r0 = rss();
            int g0 = Go.numGoroutine();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Chan<Integer> c = Chan.make();
                chans[i] = c;
                Go.go(() -> {
                    started.incrementAndGet();
                    c.recv();
                    finished.incrementAndGet();
                });
            }
            await(started, n, Long.MAX_VALUE);
            double parkMs = (System.nanoTime() - t0) / 1e6;
            Go.sleep(Duration.ofMillis(200)); // let the last ones reach the receive
            long h1 = heapUsed();
            long r1 = rss();
            int parked = Go.numGoroutine() - g0;
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                chans[i].send(i);
            }
            boolean done = await(finished, n, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
            double relMs = (System.nanoTime() - t1) / 1e6;
            return new Result("golib gomaxprocs=" + Go.gomaxprocs(), n, (double) (h1 - h0) / n,
                    (double) (r1 - r0) / n, parked, parkMs, relMs, done);
        });
    }

    /** loom/ParkedMem.java with warmN = 0, on the main thread as there. */
    static Result vt(int n) throws InterruptedException {
        // warm-up: one virtual thread parked and released
        SynchronousQueue<Integer> wq = new SynchronousQueue<>();
        CountDownLatch ws = new CountDownLatch(1);
        Thread wt = VtChanWorkloads.start(() -> {
            ws.countDown();
            try {
                wq.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ws.await();
        Thread.sleep(50);
        wq.put(0);
        wt.join();

        @SuppressWarnings("unchecked")
        SynchronousQueue<Integer>[] qs = new SynchronousQueue[n];
        Thread[] ts = new Thread[n];
        long h0 = heapUsedThread();
        long r0 = rss();
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch finished = new CountDownLatch(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            SynchronousQueue<Integer> q = new SynchronousQueue<>();
            qs[i] = q;
            ts[i] = VtChanWorkloads.start(() -> {
                started.countDown();
                try {
                    q.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                finished.countDown();
            });
        }
        started.await();
        double parkMs = (System.nanoTime() - t0) / 1e6;
        Thread.sleep(200);
        long h1 = heapUsedThread();
        long r1 = rss();
        int waiting = 0;
        for (Thread t : ts) {
            if (t.getState() == Thread.State.WAITING) {
                waiting++;
            }
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            qs[i].put(i);
        }
        boolean done = finished.await(60, TimeUnit.SECONDS);
        double relMs = (System.nanoTime() - t1) / 1e6;
        return new Result("vt parallelism=" + VtChanWorkloads.parallelism(), n,
                (double) (h1 - h0) / n, (double) (r1 - r0) / n, waiting, parkMs, relMs, done);
    }

    private static long heapUsedThread() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
