package io.golib.benchmarks;

import io.golib.benchmarks.PairRunner.Workload;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scheduler workloads (issue 3), golib goroutines and JDK virtual threads side by side in one
 * JVM, following the anchors' definitions ({@code /work/shared/anchors/go/} and {@code loom/}) so
 * the figures compare with Go's: {@link GolibSchedWorkloads} vs {@link VtSchedWorkloads}, driven
 * by {@link PairRunner} as {@link ChanBench} is. The virtual-thread half needs JDK 21+.
 *
 * <pre>
 * java -javaagent:agent/target/golib-agent-0.1.0-SNAPSHOT.jar \
 *      -cp benchmarks/target/benchmarks.jar io.golib.benchmarks.SchedBench \
 *      [iters=5] [warmups=2] [procs=P] [only=spawn,skynet,timers,sleepwake,gosched] [n=N]
 * </pre>
 *
 * <ul>
 *   <li>{@code spawn}: go/spawn, loom/Spawn: 1M goroutines each add {@code x & 1} to an atomic
 *       and signal a {@code WaitGroup} (VT: a {@code CountDownLatch}); ns per goroutine; check:
 *       the sum is n / 2.
 *   <li>{@code skynet}: go/skynet, loom/Skynet: a 10-ary tree of 1M goroutines over unbuffered
 *       channels ({@code Chan<Long>}; VT: {@code SynchronousQueue<Long>}); ms; check: the sum is
 *       499999500000.
 *   <li>{@code timers}: go/timers oneShot, loom/Timers: 100k goroutines each sleep 1 ms once;
 *       wall ms from the first spawn to the last done, plus the overshoot (time slept - 1 ms)
 *       median, p99 and max over the sleepers in µs ({@code timers-overshoot-*}); check: every
 *       sleeper slept at least 1 ms ("sleep never wakes early").
 *   <li>{@code sleepwake}: go/timers loop: 10k goroutines each sleep 1 ms 50 times; ns per wake
 *       and {@code wakes_per_s} (the anchors' metric); check: 500k wakes.
 *   <li>{@code gosched}: no anchor: two goroutines each call {@code Go.gosched()} n / 2 times
 *       (VT: two virtual threads calling {@code Thread.yield()}), joined by a WaitGroup (VT:
 *       {@code join}); ns per yield over all n = 2M yields; check: n yields. Run it at procs=1
 *       with {@code -Djdk.virtualThreadScheduler.parallelism=1} as well as at 2.
 * </ul>
 * Arguments as {@link PairRunner}'s ({@code n} applies to every workload run: for sleepwake it
 * is the number of goroutines, each sleeping 50 times). Output: RESULT and ITERS lines as
 * ChanBench's ({@code benchmarks/chan_table.py} pools them), then the table.
 */
public final class SchedBench {
    private SchedBench() {}

    /** Sleeps per goroutine in sleepwake (go/timers' R). */
    static final int SLEEPS = 50;

    private static final Map<String, Workload> WORKLOADS = new LinkedHashMap<>();

    static {
        add(Workload.perOp("spawn", 1_000_000, "ns/goroutine",
                GolibSchedWorkloads::spawn, VtSchedWorkloads::spawn, n -> n / 2));
        add(Workload.total("skynet", 1_000_000,
                GolibSchedWorkloads::skynet, VtSchedWorkloads::skynet, n -> n * (n - 1) / 2));
        add(new Workload("timers", 100_000, "ms wall", null,
                GolibSchedWorkloads::timers, VtSchedWorkloads::timers, n -> n, null,
                List.of("timers-overshoot-median", "timers-overshoot-p99",
                        "timers-overshoot-max")));
        add(new Workload("sleepwake", 10_000, "ns/wake", n -> n * SLEEPS,
                n -> GolibSchedWorkloads.sleepWake(n, SLEEPS),
                n -> VtSchedWorkloads.sleepWake(n, SLEEPS), n -> n * SLEEPS, "wakes_per_s",
                List.of()));
        add(Workload.perOp("gosched", 2_000_000, "ns/yield",
                GolibSchedWorkloads::gosched, VtSchedWorkloads::yields, n -> n / 2 * 2));
    }

    private static void add(Workload w) {
        WORKLOADS.put(w.name(), w);
    }

    public static void main(String[] args) throws Exception {
        PairRunner.main("SchedBench", WORKLOADS, Map.of(), args);
    }

    /**
     * The timers result of both implementations: {wall ns, sleepers that slept at least 1 ms,
     * overshoot median, p99, max (ns)}, indexed as go/timers' oneShot. Sorts {@code over}.
     */
    static long[] oneShot(long wall, long[] over) {
        int n = over.length;
        long slept = Arrays.stream(over).filter(o -> o >= 0).count();
        Arrays.sort(over);
        return new long[] {wall, slept, over[n / 2], over[n * 99 / 100], over[n - 1]};
    }
}
