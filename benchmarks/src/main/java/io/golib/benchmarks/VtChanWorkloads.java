package io.golib.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;

/**
 * The channel workloads of {@link ChanBench} on JDK virtual threads, one for one the programs of
 * the anchors ({@code /work/shared/anchors/loom/*.java}: PingPong, Sieve, ThreadRing, Mpmc,
 * SelectFanin): an unbuffered channel is a {@code SynchronousQueue<Integer>}, a buffered one an
 * {@code ArrayBlockingQueue<Integer>}, values boxed as there; the whole workload runs inside a
 * virtual thread ({@link #inThread}), like Go's main goroutine; tear-down as in the anchors
 * (interrupt). Each returns {@code {elapsed ns, check value}}; {@link ChanBench} verifies the
 * check value.
 *
 * <p>The module compiles with {@code --release 17}, so virtual threads are reached reflectively
 * ({@link #FACTORY}); these workloads need JDK 21+ at run time.
 */
final class VtChanWorkloads {
    private VtChanWorkloads() {}

    static final int RING = 503;

    /** {@code Thread.ofVirtual().factory()}, or null before JDK 21. */
    static final ThreadFactory FACTORY = factory();

    private static ThreadFactory factory() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder")
                    .getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** The virtual-thread scheduler's parallelism (the property, or the CPU count). */
    static int parallelism() {
        return Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
    }

    static Thread start(Runnable r) {
        Thread t = FACTORY.newThread(r);
        t.start();
        return t;
    }

    /** Runs {@code body} in one virtual thread and waits for it (the anchors' inThread). */
    static <T> T inThread(Callable<T> body) {
        Object[] box = new Object[1];
        Throwable[] err = new Throwable[1];
        Thread t = start(() -> {
            try {
                box[0] = body.call();
            } catch (Throwable e) {
                err[0] = e;
            }
        });
        join(t);
        if (err[0] != null) {
            throw new IllegalStateException("virtual-thread workload failed", err[0]);
        }
        @SuppressWarnings("unchecked") T r = (T) box[0];
        return r;
    }

    static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** loom/PingPong.java: {elapsed, final value (= n)}. */
    static long[] pingPong(int n) {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        return inThread(() -> {
            Thread echo = start(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        pong.put(ping.take() + 1);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long t0 = System.nanoTime();
            int v = 0;
            for (int i = 0; i < n; i++) {
                ping.put(v);
                v = pong.take();
            }
            long el = System.nanoTime() - t0;
            echo.join();
            return new long[] {el, v};
        });
    }

    /** loom/Sieve.java: {elapsed, n-th prime}; the chain is interrupted afterwards. */
    static long[] sieve(int n) {
        List<Thread> all = Collections.synchronizedList(new ArrayList<>());
        long[] r = inThread(() -> {
            long t0 = System.nanoTime();
            SynchronousQueue<Integer> ch = new SynchronousQueue<>();
            final SynchronousQueue<Integer> gen = ch;
            all.add(start(() -> {
                try {
                    for (int i = 2; ; i++) {
                        gen.put(i);
                    }
                } catch (InterruptedException e) {
                    // torn down
                }
            }));
            int prime = 0;
            for (int i = 0; i < n; i++) {
                prime = ch.take();
                SynchronousQueue<Integer> in = ch;
                SynchronousQueue<Integer> out = new SynchronousQueue<>();
                final int p = prime;
                all.add(start(() -> {
                    try {
                        for (;;) {
                            int v = in.take();
                            if (v % p != 0) {
                                out.put(v);
                            }
                        }
                    } catch (InterruptedException e) {
                        // torn down
                    }
                }));
                ch = out;
            }
            return new long[] {System.nanoTime() - t0, prime};
        });
        for (Thread t : all) {
            t.interrupt();
        }
        for (Thread t : all) {
            join(t);
        }
        return r;
    }

    /** loom/ThreadRing.java: {elapsed, winner id (1-based)}; the ring is interrupted afterwards. */
    static long[] threadRing(int n) {
        List<SynchronousQueue<Integer>> qs = new ArrayList<>();
        for (int i = 0; i < RING; i++) {
            qs.add(new SynchronousQueue<>());
        }
        SynchronousQueue<Integer> result = new SynchronousQueue<>();
        Thread[] ts = new Thread[RING];
        long[] r = inThread(() -> {
            for (int i = 0; i < RING; i++) {
                final int id = i;
                SynchronousQueue<Integer> in = qs.get(i);
                SynchronousQueue<Integer> out = qs.get((i + 1) % RING);
                ts[i] = start(() -> {
                    try {
                        for (;;) {
                            int t = in.take();
                            if (t == 0) {
                                result.put(id + 1);
                                return;
                            }
                            out.put(t - 1);
                        }
                    } catch (InterruptedException e) {
                        // torn down
                    }
                });
            }
            long t0 = System.nanoTime();
            qs.get(0).put(n);
            int w = result.take();
            return new long[] {System.nanoTime() - t0, w};
        });
        for (Thread t : ts) {
            t.interrupt();
        }
        for (Thread t : ts) {
            join(t);
        }
        return r;
    }

    /** loom/Mpmc.java: {elapsed, sum of everything received}. */
    static long[] mpmc(int total, int np, int nc, int cap) {
        return inThread(() -> {
            ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(cap);
            long[] sums = new long[nc * 8];
            int per = total / np;
            int perc = total / nc;
            Thread[] cs = new Thread[nc];
            long t0 = System.nanoTime();
            for (int c = 0; c < nc; c++) {
                final int ci = c;
                cs[c] = start(() -> {
                    long s = 0;
                    try {
                        for (int i = 0; i < perc; i++) {
                            s += q.take();
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    sums[ci * 8] = s;
                });
            }
            for (int p = 0; p < np; p++) {
                final int base = p * per;
                start(() -> {
                    try {
                        for (int i = 0; i < per; i++) {
                            q.put(base + i);
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            for (Thread t : cs) {
                t.join();
            }
            long el = System.nanoTime() - t0;
            long s = 0;
            for (int c = 0; c < nc; c++) {
                s += sums[c * 8];
            }
            return new long[] {el, s};
        });
    }

    /**
     * loom/SelectFanin.java: Java has no select over queues, so the 4 producers put into ONE
     * shared SynchronousQueue (plain fan-in, no multi-way wait). {elapsed, sum}.
     */
    static long[] selectFanin(int total) {
        return inThread(() -> {
            SynchronousQueue<Integer> q = new SynchronousQueue<>();
            int per = total / 4;
            long t0 = System.nanoTime();
            for (int p = 0; p < 4; p++) {
                final int base = p * per;
                start(() -> {
                    try {
                        for (int i = 0; i < per; i++) {
                            q.put(base + i);
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            long s = 0;
            for (int got = 0; got < total; got++) {
                s += q.take();
            }
            return new long[] {System.nanoTime() - t0, s};
        });
    }
}
