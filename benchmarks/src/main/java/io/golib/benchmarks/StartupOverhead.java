package io.golib.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The agent's start-up cost: runs {@link LoadAllClasses} (every Guava class, a few thousand) in
 * fresh JVMs, with and without {@code -javaagent}, and prints medians. Two figures per run: the
 * whole process's wall time (JVM start, agent premain, loading, exit) and the loading loop alone
 * as the child measured it. Runs alternate (plain, agent, agent, plain, ...) so that drift on a
 * shared machine hits both sides alike; one untimed warm-up of each comes first (page cache).
 *
 * <p>Usage (from the repository root):
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.golib.benchmarks.StartupOverhead \
 *      [runs=5] [agent=agent/target/golib-agent-0.1.0-SNAPSHOT.jar] [java=&lt;this JVM's java&gt;]
 *      [jar=&lt;the jar holding Guava, default: where Guava was loaded from&gt;]
 * </pre>
 */
public final class StartupOverhead {
    private StartupOverhead() {}

    public static void main(String[] args) throws Exception {
        int runs = 5;
        String agent = "agent/target/golib-agent-0.1.0-SNAPSHOT.jar";
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of(com.google.common.collect.ImmutableList.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI()).toString();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "runs": runs = Integer.parseInt(kv[1]); break;
                case "agent": agent = kv[1]; break;
                case "java": java = kv[1]; break;
                case "jar": jar = kv[1]; break;
                default: throw new IllegalArgumentException("StartupOverhead: unknown argument " + a);
            }
        }
        if (!Files.isRegularFile(Path.of(agent))) {
            throw new IllegalArgumentException("StartupOverhead: no agent jar at " + agent
                    + " (build it: mvn -B -o -q -pl benchmarks -am verify)");
        }
        String self = Path.of(StartupOverhead.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toString();
        String cp = self.equals(jar) ? self : self + File.pathSeparator + jar;
        List<String> plain = List.of(java, "-cp", cp, LoadAllClasses.class.getName(), jar);
        List<String> withAgent = List.of(java, "-javaagent:" + agent, "-cp", cp,
                LoadAllClasses.class.getName(), jar);

        System.out.println("java: " + java + " (" + version(java) + ")");
        System.out.println("agent: " + agent);
        System.out.println("classes from: " + jar);
        run(plain);
        run(withAgent);
        double[][] p = new double[2][runs], a = new double[2][runs];
        String[] counts = new String[2];
        for (int i = 0; i < runs; i++) {
            boolean agentFirst = i % 2 == 1;
            double[] r1 = run(agentFirst ? withAgent : plain);
            double[] r2 = run(agentFirst ? plain : withAgent);
            double[] rp = agentFirst ? r2 : r1, ra = agentFirst ? r1 : r2;
            p[0][i] = rp[0]; p[1][i] = rp[1];
            a[0][i] = ra[0]; a[1][i] = ra[1];
            counts[0] = "classes=" + (int) rp[2] + " failed=" + (int) rp[3];
            counts[1] = "classes=" + (int) ra[2] + " failed=" + (int) ra[3];
            System.out.printf(Locale.ROOT, "run %d: plain wall %.1f ms (load %.1f) | agent wall %.1f ms (load %.1f)%n",
                    i + 1, rp[0], rp[1], ra[0], ra[1]);
        }
        System.out.println("plain: " + counts[0] + "; agent: " + counts[1]);
        report("process wall", median(p[0]), median(a[0]), (int) runs);
        report("loading loop", median(p[1]), median(a[1]), (int) runs);
    }

    private static void report(String what, double plain, double agent, int runs) {
        System.out.printf(Locale.ROOT, "RESULT %s: plain %.1f ms, agent %.1f ms, +%.1f ms, ratio %.2f (median of %d)%n",
                what, plain, agent, agent - plain, agent / plain, runs);
    }

    /** Runs one child; returns {wall ms, loading ms, classes, failed}. */
    private static double[] run(List<String> cmd) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(pr.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder sb = new StringBuilder();
            for (String line; (line = r.readLine()) != null; ) {
                sb.append(line).append('\n');
            }
            out = sb.toString();
        }
        int rc = pr.waitFor();
        long t1 = System.nanoTime();
        int at = out.lastIndexOf("LOADED ");
        if (rc != 0 || at < 0) {
            throw new IllegalStateException("StartupOverhead: child failed (rc=" + rc + "): "
                    + String.join(" ", cmd) + "\n" + out);
        }
        String[] f = out.substring(at).trim().split("\\s+");
        return new double[] {(t1 - t0) / 1e6, Double.parseDouble(f[3].substring(3)),
                Integer.parseInt(f[1].substring(8)), Integer.parseInt(f[2].substring(7))};
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String version(String java) throws IOException, InterruptedException {
        Process pr = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String v = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pr.waitFor();
        return v.lines().skip(1).findFirst().orElse("?").trim();
    }
}
