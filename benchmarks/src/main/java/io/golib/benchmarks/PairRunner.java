package io.golib.benchmarks;

import io.golib.Go;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * The driver shared by {@link ChanBench} and {@link SchedBench}: runs a workload's golib and
 * virtual-thread implementations alternately in one JVM (golib, VT, golib, VT, ...: a change in
 * the machine's load hits both), checks every answer, prints one {@code RESULT} line per
 * implementation (every timed iteration on stderr as {@code ITERS}) and a table of medians and
 * golib/VT ratios. {@code benchmarks/chan_table.py} parses both line kinds.
 *
 * <p>Arguments are {@code key=value}: {@code iters}, {@code warmups} (timed and untimed
 * iterations of each implementation), {@code procs} (golib's GOMAXPROCS; the virtual threads'
 * parallelism is the JVM's {@code -Djdk.virtualThreadScheduler.parallelism}, printed),
 * {@code only} (workloads in the order given; default: every workload, no special), {@code n}
 * (overrides every workload's size), {@code vt=off} (golib only: for a profile, or on JDK 17,
 * where the VT half is skipped anyway). A tool may add "special" names to {@code only} that are not
 * paired workloads (ChanBench's parkedmem).
 *
 * <p>Used only by the benchmark mains, on their main thread.
 */
final class PairRunner {
    private PairRunner() {}

    /** One run of size n: {elapsed ns, check value, extra figures in ns...}. */
    @FunctionalInterface
    interface Impl {
        long[] run(int n) throws Exception;
    }

    /** Something in {@code only} that is not a paired workload; gets the parsed arguments. */
    @FunctionalInterface
    interface Special {
        void run(Map<String, String> args) throws Exception;
    }

    /**
     * A workload.
     *
     * @param ops for a per-operation metric, the number of operations in a run of size n (the
     *     figure is elapsed ns / ops(n)); null for a total in ms
     * @param expected the check value a run of size n must return
     * @param rate if not null, the RESULT line also gives 1e9 / median under this name
     *     ({@code msgs_per_s} for ns/message)
     * @param extras names of the figures a run returns after its check value (ns each, reported
     *     in µs as workloads of their own: {@code timers-overshoot-median}, ...)
     */
    record Workload(String name, int defaultSize, String metric, LongUnaryOperator ops,
            Impl golib, Impl vt, LongUnaryOperator expected, String rate, List<String> extras) {

        /** A per-operation workload of n operations, no rate, no extras. */
        static Workload perOp(String name, int defaultSize, String metric, Impl golib, Impl vt,
                LongUnaryOperator expected) {
            return new Workload(name, defaultSize, metric, n -> n, golib, vt, expected, null,
                    List.of());
        }

        /** A workload timed in total ms, no extras. */
        static Workload total(String name, int defaultSize, Impl golib, Impl vt,
                LongUnaryOperator expected) {
            return new Workload(name, defaultSize, "ms total", null, golib, vt, expected, null,
                    List.of());
        }
    }

    /** Parses {@code key=value} arguments. */
    static Map<String, String> parse(String tool, String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(tool + ": arguments are key=value, got " + s);
            }
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return a;
    }

    /** The whole run: header, every workload of {@code only} in order, then the table. */
    static void main(String tool, Map<String, Workload> workloads, Map<String, Special> specials,
            String[] args) throws Exception {
        Map<String, String> a = parse(tool, args);
        int iters = Integer.parseInt(a.getOrDefault("iters", "5"));
        int warmups = Integer.parseInt(a.getOrDefault("warmups", "2"));
        if (a.containsKey("procs")) {
            Go.setGomaxprocs(Integer.parseInt(a.get("procs")));
        }
        List<String> only = Arrays.asList(a.getOrDefault("only",
                String.join(",", workloads.keySet())).split(","));
        boolean vt = VtChanWorkloads.FACTORY != null && !"off".equals(a.get("vt"));
        System.out.printf("%s: JDK %s, golib GOMAXPROCS %d, VT parallelism %s,"
                + " %d timed iterations after %d warm-ups, %d CPUs%n", tool, Runtime.version(),
                Go.gomaxprocs(), vt ? String.valueOf(VtChanWorkloads.parallelism()) : "n/a (off or JDK < 21)",
                iters, warmups, Runtime.getRuntime().availableProcessors());

        List<String> table = new ArrayList<>();
        for (String name : only) {
            Special special = specials.get(name);
            if (special != null) {
                special.run(a);
                continue;
            }
            Workload w = workloads.get(name);
            if (w == null) {
                throw new IllegalArgumentException(tool + ": unknown workload " + name
                        + " (known: " + workloads.keySet() + ", " + specials.keySet() + ")");
            }
            int n = Integer.parseInt(a.getOrDefault("n", String.valueOf(w.defaultSize)));
            table.addAll(run(tool, w, n, iters, warmups, vt));
        }
        if (!table.isEmpty()) {
            System.out.printf("%n%-24s %-10s %-14s %-34s %-34s %s%n", "workload", "n", "metric",
                    "golib median (min-max)", "VT median (min-max)", "golib/VT");
            table.forEach(System.out::println);
        }
    }

    /** Runs both implementations alternately; returns the table rows (the workload's, extras'). */
    static List<String> run(String tool, Workload w, int n, int iters, int warmups, boolean vt)
            throws Exception {
        long want = w.expected.applyAsLong(n);
        for (int i = 0; i < warmups; i++) {
            check(tool, w, "golib", n, w.golib.run(n), want);
            if (vt) {
                check(tool, w, "vt", n, w.vt.run(n), want);
            }
        }
        int figures = 1 + w.extras.size();
        double[][] g = new double[figures][iters];
        double[][] v = new double[figures][iters];
        for (int i = 0; i < iters; i++) {
            record(w, n, check(tool, w, "golib", n, w.golib.run(n), want), g, i);
            if (vt) {
                record(w, n, check(tool, w, "vt", n, w.vt.run(n), want), v, i);
            }
        }
        List<String> rows = new ArrayList<>();
        for (int f = 0; f < figures; f++) {
            String name = f == 0 ? w.name : w.extras.get(f - 1);
            String metric = f == 0 ? w.metric : "us";
            String rate = f == 0 ? w.rate : null;
            double[] gs = summary(name, metric, rate, "golib gomaxprocs=" + Go.gomaxprocs(), n,
                    g[f], want);
            String row = String.format("%-24s %-10d %-14s %-34s", name, n, metric, cell(gs));
            if (vt) {
                double[] vs = summary(name, metric, rate,
                        "vt parallelism=" + VtChanWorkloads.parallelism(), n, v[f], want);
                row += String.format(" %-34s %.2f", cell(vs), gs[0] / vs[0]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static long[] check(String tool, Workload w, String impl, int n, long[] r, long want) {
        if (r[1] != want) {
            throw new IllegalStateException(String.format(
                    "%s %s[%s, n=%d]: wrong answer %d, want %d", tool, w.name, impl, n, r[1],
                    want));
        }
        if (r.length != 2 + w.extras.size()) {
            throw new IllegalStateException(String.format("%s %s[%s]: %d figures, want %d",
                    tool, w.name, impl, r.length - 2, w.extras.size()));
        }
        return r;
    }

    /** Stores iteration i's figures: the main one (per op or ms), then the extras in µs. */
    private static void record(Workload w, int n, long[] r, double[][] into, int i) {
        into[0][i] = w.ops != null ? (double) r[0] / w.ops.applyAsLong(n) : r[0] / 1e6;
        for (int f = 1; f < into.length; f++) {
            into[f][i] = r[f + 1] / 1e3;
        }
    }

    /** Prints the ITERS and RESULT lines; returns {median, min, max}. */
    private static double[] summary(String name, String metric, String rate, String impl, int n,
            double[] xs, long check) {
        System.err.printf("ITERS %s %s %s%n", name, impl, Arrays.toString(xs));
        double[] s = xs.clone();
        Arrays.sort(s);
        int k = s.length;
        double med = k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
        String extra = rate != null ? String.format(" %s=%.0f", rate, 1e9 / med) : "";
        System.out.printf("RESULT workload=%s impl=%s metric=%s value=%.1f min=%.1f max=%.1f"
                + " n=%d iters=%d check=%d%s%n", name, impl, metric.replace(' ', '_'), med,
                s[0], s[k - 1], n, k, check, extra);
        return new double[] {med, s[0], s[k - 1]};
    }

    private static String cell(double[] m) {
        return String.format("%.1f (%.1f-%.1f)", m[0], m[1], m[2]);
    }
}
