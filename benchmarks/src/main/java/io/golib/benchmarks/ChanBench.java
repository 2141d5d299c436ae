package io.golib.benchmarks;

import io.golib.Go;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * Channel workloads (issue 4), golib goroutines and JDK virtual threads side by side in one JVM,
 * following the anchors' definitions ({@code /work/shared/anchors/go/} and {@code loom/}) so the
 * figures compare with Go's and the JVM peers': {@link GolibChanWorkloads} vs
 * {@link VtChanWorkloads}, and {@link ParkedMemory}. A plain {@code main}, like
 * {@link SchedBench}; the virtual-thread half needs JDK 21+.
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
 *       (golib, VT, golib, VT, ...) so that a change in the machine's load hits both.
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

    /** A workload: its default size, its metric, and both implementations. */
    private record Workload(String name, int defaultSize, String metric, boolean perOp,
            Impl golib, Impl vt, LongUnaryOperator expected) {}

    /** One run of size n: {elapsed ns, check value}. */
    @FunctionalInterface
    private interface Impl {
        long[] run(int n) throws Exception;
    }

    private static final int NP = 4;
    private static final int NC = 4;
    private static final int CAP = 1024;

    private static final Map<String, Workload> WORKLOADS = new LinkedHashMap<>();

    static {
        add(new Workload("pingpong", 1_000_000, "ns/round trip", true,
                GolibChanWorkloads::pingPong, VtChanWorkloads::pingPong, n -> n));
        add(new Workload("sieve", 5000, "ms total", false,
                GolibChanWorkloads::sieve, VtChanWorkloads::sieve, n -> nthPrime((int) n)));
        add(new Workload("threadring", 1_000_000, "ns/hop", true,
                GolibChanWorkloads::threadRing, VtChanWorkloads::threadRing,
                n -> n % GolibChanWorkloads.RING + 1));
        add(new Workload("mpmc", 10_000_000, "ns/message", true,
                n -> GolibChanWorkloads.mpmc(n, NP, NC, CAP),
                n -> VtChanWorkloads.mpmc(n, NP, NC, CAP), n -> n * (n - 1) / 2));
        add(new Workload("selectfanin", 4_000_000, "ns/message", true,
                GolibChanWorkloads::selectFanin, VtChanWorkloads::selectFanin,
                n -> n * (n - 1) / 2));
    }

    private static void add(Workload w) {
        WORKLOADS.put(w.name, w);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        int iters = Integer.parseInt(a.getOrDefault("iters", "5"));
        int warmups = Integer.parseInt(a.getOrDefault("warmups", "2"));
        if (a.containsKey("procs")) {
            Go.setGomaxprocs(Integer.parseInt(a.get("procs")));
        }
        List<String> only = Arrays.asList(a.getOrDefault("only",
                String.join(",", WORKLOADS.keySet())).split(","));
        boolean vt = VtChanWorkloads.FACTORY != null;
        System.out.printf("ChanBench: JDK %s, golib GOMAXPROCS %d, VT parallelism %s,"
                + " %d timed iterations after %d warm-ups, %d CPUs%n", Runtime.version(),
                Go.gomaxprocs(), vt ? String.valueOf(VtChanWorkloads.parallelism()) : "n/a (JDK < 21)",
                iters, warmups, Runtime.getRuntime().availableProcessors());

        List<String> table = new ArrayList<>();
        for (String name : only) {
            if (name.equals("parkedmem")) {
                parkedMemory(Integer.parseInt(a.getOrDefault("n", "100000")),
                        a.getOrDefault("impl", "golib"));
                continue;
            }
            Workload w = WORKLOADS.get(name);
            if (w == null) {
                throw new IllegalArgumentException("ChanBench: unknown workload " + name
                        + " (known: " + WORKLOADS.keySet() + ", parkedmem)");
            }
            int n = Integer.parseInt(a.getOrDefault("n", String.valueOf(w.defaultSize)));
            table.add(run(w, n, iters, warmups, vt));
        }
        if (!table.isEmpty()) {
            System.out.printf("%n%-12s %-10s %-14s %-34s %-34s %s%n", "workload", "n", "metric",
                    "golib median (min-max)", "VT median (min-max)", "golib/VT");
            table.forEach(System.out::println);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("ChanBench: arguments are key=value, got " + s);
            }
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return a;
    }

    /** Runs both implementations alternately; returns the table row. */
    private static String run(Workload w, int n, int iters, int warmups, boolean vt)
            throws Exception {
        long want = w.expected.applyAsLong(n);
        for (int i = 0; i < warmups; i++) {
            check(w, "golib", n, w.golib.run(n), want);
            if (vt) {
                check(w, "vt", n, w.vt.run(n), want);
            }
        }
        double[] g = new double[iters];
        double[] v = new double[iters];
        for (int i = 0; i < iters; i++) {
            g[i] = figure(w, n, check(w, "golib", n, w.golib.run(n), want));
            if (vt) {
                v[i] = figure(w, n, check(w, "vt", n, w.vt.run(n), want));
            }
        }
        double[] gs = summary(w, "golib gomaxprocs=" + Go.gomaxprocs(), n, g, want);
        String row = String.format("%-12s %-10d %-14s %-34s", w.name, n, w.metric, cell(gs));
        if (!vt) {
            return row;
        }
        double[] vs = summary(w, "vt parallelism=" + VtChanWorkloads.parallelism(), n, v, want);
        return row + String.format(" %-34s %.2f", cell(vs), gs[0] / vs[0]);
    }

    private static long check(Workload w, String impl, int n, long[] r, long want) {
        if (r[1] != want) {
            throw new IllegalStateException(String.format(
                    "ChanBench %s[%s, n=%d]: wrong answer %d, want %d", w.name, impl, n, r[1],
                    want));
        }
        return r[0];
    }

    private static double figure(Workload w, int n, long nanos) {
        return w.perOp ? (double) nanos / n : nanos / 1e6;
    }

    /** Prints the RESULT line; returns {median, min, max}. */
    private static double[] summary(Workload w, String impl, int n, double[] xs, long check) {
        System.err.printf("ITERS %s %s %s%n", w.name, impl, Arrays.toString(xs));
        double[] s = xs.clone();
        Arrays.sort(s);
        int k = s.length;
        double med = k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
        String extra = w.name.equals("mpmc") ? String.format(" msgs_per_s=%.0f", 1e9 / med) : "";
        System.out.printf("RESULT workload=%s impl=%s metric=%s value=%.1f min=%.1f max=%.1f"
                + " n=%d iters=%d check=%d%s%n", w.name, impl, w.metric.replace(' ', '_'), med,
                s[0], s[k - 1], n, k, check, extra);
        return new double[] {med, s[0], s[k - 1]};
    }

    private static String cell(double[] m) {
        return String.format("%.1f (%.1f-%.1f)", m[0], m[1], m[2]);
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
