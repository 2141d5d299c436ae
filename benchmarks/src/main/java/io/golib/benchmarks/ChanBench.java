package io.golib.benchmarks;

import io.golib.benchmarks.PairRunner.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Channel workloads (issue 4), golib goroutines and JDK virtual threads side by side in one JVM,
 * following the anchors' definitions ({@code /work/shared/anchors/go/} and {@code loom/}) so the
 * figures compare with Go's and the JVM peers': {@link GolibChanWorkloads} vs
 * {@link VtChanWorkloads}, and {@link ParkedMemory}. A plain {@code main} driven by
 * {@link PairRunner}, like {@link SchedBench}; the virtual-thread half needs JDK 21+.
 *
 * <pre>
 * java -javaagent:agent/target/golib-agent-0.1.0-SNAPSHOT.jar \
 *      -cp benchmarks/target/benchmarks.jar io.golib.benchmarks.ChanBench \
 *      [iters=5] [warmups=2] [procs=P] [only=pingpong,sieve,threadring,mpmc,selectfanin] [n=N]
 * java ... ChanBench only=parkedmem n=100000 impl=golib      # one memory figure per process
 * </pre>
 *
 * <ul>
 *   <li>{@code iters}, {@code warmups}: timed and untimed iterations. Golib and VT alternate
 *       (golib, VT, golib, VT, ...) so that a change in the machine's load hits both
 *       ({@link PairRunner}).
 *   <li>{@code procs}: golib's GOMAXPROCS ({@code Go.setGomaxprocs}); the virtual threads'
 *       parallelism is the JVM's ({@code -Djdk.virtualThreadScheduler.parallelism}), printed.
 *   <li>{@code only}: the workloads to run, in the order given (default: all but parkedmem).
 *   <li>{@code n}: overrides the size of every workload run (default: the anchors' sizes).
 *   <li>{@code impl} (parkedmem only): {@code golib}, {@code vt} or {@code both} (default
 *       golib; "both" measures VT second in the same heap, which is less clean).
 * </ul>
 * Every workload checks its answer (round-trip count, the n-th prime, the ring's winner, the
 * sum of everything received, all parked threads finished) and the run fails on a wrong one, so
 * a broken channel cannot produce a fast wrong figure. Output: one {@code RESULT} line per
 * implementation and workload (every timed iteration on stderr as {@code ITERS}), then a table of
 * medians and golib/VT ratios.
 */
public final class ChanBench {
    private ChanBench() {}

    private static final int NP = 4;
    private static final int NC = 4;
    private static final int CAP = 1024;

    private static final Map<String, Workload> WORKLOADS = new LinkedHashMap<>();

    static {
        add(Workload.perOp("pingpong", 1_000_000, "ns/round trip",
                GolibChanWorkloads::pingPong, VtChanWorkloads::pingPong, n -> n));
        add(Workload.total("sieve", 5000,
                GolibChanWorkloads::sieve, VtChanWorkloads::sieve, n -> nthPrime((int) n)));
        add(Workload.perOp("threadring", 1_000_000, "ns/hop",
                GolibChanWorkloads::threadRing, VtChanWorkloads::threadRing,
                n -> n % GolibChanWorkloads.RING + 1));
        add(new Workload("mpmc", 10_000_000, "ns/message", n -> n,
                n -> GolibChanWorkloads.mpmc(n, NP, NC, CAP),
                n -> VtChanWorkloads.mpmc(n, NP, NC, CAP), n -> n * (n - 1) / 2,
                "msgs_per_s", List.of()));
        add(Workload.perOp("selectfanin", 4_000_000, "ns/message",
                GolibChanWorkloads::selectFanin, VtChanWorkloads::selectFanin,
                n -> n * (n - 1) / 2));
    }

    private static void add(Workload w) {
        WORKLOADS.put(w.name(), w);
    }

    public static void main(String[] args) throws Exception {
        PairRunner.main("ChanBench", WORKLOADS, Map.of("parkedmem",
                a -> parkedMemory(Integer.parseInt(a.getOrDefault("n", "100000")),
                        a.getOrDefault("impl", "golib"))), args);
    }

    private static void parkedMemory(int n, String impl) throws Exception {
        List<ParkedMemory.Result> rs = new ArrayList<>();
        if (!impl.equals("vt")) {
            rs.add(ParkedMemory.golib(n));
        }
        if (!impl.equals("golib")) {
            rs.add(ParkedMemory.vt(n));
        }
        for (ParkedMemory.Result r : rs) {
            System.out.println(r.line());
            if (!r.allFinished() || r.parked() != n) {
                throw new IllegalStateException("ChanBench parkedmem[" + r.impl() + ", n=" + n
                        + "]: " + r.parked() + " parked, all finished: " + r.allFinished());
            }
        }
    }

    /** The n-th prime by trial division: the sieve's expected answer. */
    static long nthPrime(int n) {
        int count = 0;
        for (int c = 2; ; c++) {
            boolean prime = true;
            for (int d = 2; d * d <= c; d++) {
                if (c % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime && ++count == n) {
                return c;
            }
        }
    }
}
