package io.golib.tests.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.agent.ClassSource;
import io.golib.agent.Options;
import io.golib.agent.Problem;
import io.golib.agent.Transformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * "Instrument everything": rewrites every method of every class in real third-party jars (Guava,
 * ASM, commons-lang3, JUnit's API) in stress mode ({@link Options#withSuspendEverything}: every
 * method suspendable, every call a suspension point) and has the rewritten classes judged by
 * verifiers that cannot be argued with.
 *
 * <ol>
 *   <li>The JVM verifier, on every class: each rewritten class is defined in a throwaway
 *       {@link CorpusLoader} and linked by {@link LinkCheck} (no static initializer runs).
 *   <li>ASM's {@link BytecodeCheck} (Analyzer + SimpleVerifier + CheckClassAdapter), on every
 *       {@code golib.corpus.checkEvery}-th class (default every class; a deterministic sample keeps
 *       the test within its time budget if ever needed).
 * </ol>
 *
 * <p>Some corpus classes cannot link even unrewritten (optional dependencies absent from the
 * class path). The same forcing over the original bytes gives that baseline; an <em>error</em> is
 * a class that links originally and fails rewritten, or fails rewritten with a bad-class-file
 * error (VerifyError, ClassFormatError, ...) where the original failed only for a missing class.
 * Likewise an ASM error is a method ASM rejects rewritten and accepts original.
 *
 * <p>Also checked per changed class, from the transformer's contract: it carries the
 * {@code @Instrumented} marker, and transforming it again changes nothing.
 *
 * <p>Output (stdout, which surefire keeps in {@code target/surefire-reports/*-output.txt}): one
 * summary line per jar, error kinds with counts, and the first errors in detail with the
 * offending method's rewritten bytecode.
 */
class InstrumentEverythingCorpusTest {
    /** ASM-check every n-th class (by sorted name across the corpus); 1 = all. */
    private static final int CHECK_EVERY = Integer.getInteger("golib.corpus.checkEvery", 1);
    /** The corpus has ~80k methods; this many rewritten proves the transformer really ran. */
    private static final int MIN_METHODS_REWRITTEN = 10_000;
    private static final int DETAILS = 20;
    private static final int LISTINGS = 3;
    private static final int LISTING_LINES = 120;
    private static final int MESSAGE_LINES = 12;

    /** Per-jar counts. */
    private static final class Stats {
        int classes;
        int classesRewritten;
        int methods;
        int methodsRewritten;
        int problems;
        int baselineFailures;
        int asmChecked;
        int asmSkipped;
        int errors;
        int asmErrors;
        int preJava8;
    }

    /** Something that must not happen; {@code kind} groups like errors for the report. */
    private static final class Error {
        final String jar;
        final String className;
        final String kind;
        final String message;
        final String listing;

        Error(String jar, String className, String kind, String message, String listing) {
            this.jar = jar;
            this.className = className;
            this.kind = kind;
            this.message = message;
            this.listing = listing;
        }
    }

    @Test
    void everyRewrittenClassVerifies() {
        long start = System.nanoTime();
        List<CorpusJar> jars = CorpusJar.fromClassPath();
        for (String prefix : CorpusJar.PREFIXES) {
            assertTrue(jars.stream().anyMatch(j -> j.label().startsWith(prefix)),
                    "no corpus jar " + prefix + "* on the class path: " + System.getProperty("java.class.path"));
        }
        Transformer transformer = new Transformer(ClassSource.of(CorpusJar.classPathJars()),
                Options.DEFAULT.withSuspendEverything(true));

        // 1. Rewrite. The first jar defining a name wins, as on a class path.
        Map<String, byte[]> original = new LinkedHashMap<>();
        Map<String, byte[]> rewritten = new LinkedHashMap<>();
        Map<String, String> jarOf = new HashMap<>();
        Map<String, Stats> stats = new LinkedHashMap<>();
        List<Error> errors = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> baselineKinds = new TreeMap<>();
        Set<String> baselineFailed = new HashSet<>();
        for (CorpusJar jar : jars) {
            Stats s = new Stats();
            stats.put(jar.label(), s);
            for (Map.Entry<String, byte[]> e : jar.classes.entrySet()) {
                String name = e.getKey();
                if (original.containsKey(name)) {
                    continue;
                }
                byte[] bytes = e.getValue();
                original.put(name, bytes);
                jarOf.put(name, jar.label());
                s.classes++;
                s.methods += methodsWithCode(bytes);
                if (classFileMajor(bytes) < 52) {
                    s.preJava8++;
                }
                byte[] out = bytes;
                try {
                    Transformer.Result r = transformer.transform(bytes);
                    s.problems += r.problems().size();
                    problems.addAll(r.problems());
                    if (r.changed()) {
                        out = r.bytes();
                        s.classesRewritten++;
                        s.methodsRewritten += r.methodsRewritten();
                        if (!Transformer.isInstrumented(out)) {
                            s.errors++;
                            errors.add(new Error(jar.label(), name, "marker",
                                    "rewritten class lacks @Instrumented", ""));
                        }
                        if (transformer.transform(out).changed()) {
                            s.errors++;
                            errors.add(new Error(jar.label(), name, "idempotence",
                                    "transforming the rewritten class changed it again", ""));
                        }
                    }
                } catch (RuntimeException | StackOverflowError | AssertionError x) {
                    s.errors++;
                    errors.add(new Error(jar.label(), name, "transform threw " + x.getClass().getSimpleName(),
                            x + stackTop(x), ""));
                }
                rewritten.put(name, out);
            }
        }
        long rewrittenAt = System.nanoTime();

        // 2. JVM verifier: link every class, original (baseline) and rewritten.
        ClassLoader parent = InstrumentEverythingCorpusTest.class.getClassLoader();
        CorpusLoader baseLoader = new CorpusLoader("corpus-original", original, parent);
        CorpusLoader rewrittenLoader = new CorpusLoader("corpus-rewritten", rewritten, parent);
        for (String name : original.keySet()) {
            Stats s = stats.get(jarOf.get(name));
            Throwable base = LinkCheck.link(name, baseLoader);
            Throwable after = LinkCheck.link(name, rewrittenLoader);
            if (base != null) {
                s.baselineFailures++;
                baselineFailed.add(name);
                baselineKinds.merge(base.getClass().getSimpleName() + ": " + firstLine(base.getMessage()),
                        1, Integer::sum);
            }
            if (after != null && (base == null
                    || (LinkCheck.isBadClassFile(after) && !LinkCheck.isBadClassFile(base)))) {
                s.errors++;
                errors.add(new Error(jarOf.get(name), name, "JVM " + after.getClass().getSimpleName()
                        + ": " + firstLine(after.getMessage()), String.valueOf(after.getMessage()),
                        jvmListing(after.getMessage(), rewritten)));
            }
        }
        long linkedAt = System.nanoTime();

        // 3. ASM's verifier on a deterministic sample, against the same baseline.
        int index = 0;
        for (String name : original.keySet()) {
            if (index++ % CHECK_EVERY != 0) {
                continue;
            }
            byte[] after = rewritten.get(name);
            if (after == original.get(name)) {
                continue;
            }
            Stats s = stats.get(jarOf.get(name));
            s.asmChecked++;
            List<BytecodeCheck.Failure> failures = BytecodeCheck.check(after, rewrittenLoader);
            if (failures.isEmpty()) {
                continue;
            }
            Set<String> failedBefore = new HashSet<>();
            for (BytecodeCheck.Failure f : BytecodeCheck.check(original.get(name), baseLoader)) {
                failedBefore.add(f.method);
            }
            for (BytecodeCheck.Failure f : failures) {
                if (f.missingType && baselineFailed.contains(name)) {
                    // like the JVM baseline: this class cannot be checked on this class path
                    s.asmSkipped++;
                } else if (!failedBefore.contains(f.method)) {
                    s.asmErrors++;
                    errors.add(new Error(jarOf.get(name), name + "." + f.method,
                            "ASM: " + asmKind(f.message), f.message, f.listing()));
                }
            }
        }
        long checkedAt = System.nanoTime();

        // 4. Report.
        int totalMethodsRewritten = 0;
        StringBuilder report = new StringBuilder("golib corpus (suspendEverything, ASM check every "
                + CHECK_EVERY + " class):\n");
        for (Map.Entry<String, Stats> e : stats.entrySet()) {
            Stats s = e.getValue();
            totalMethodsRewritten += s.methodsRewritten;
            report.append(String.format(
                    "  %-36s classes %5d (pre-Java-8 %4d), rewritten %5d, methods %6d, rewritten %6d,"
                            + " problems %4d, baseline link failures %3d, JVM/contract errors %4d,"
                            + " ASM-checked %5d, ASM errors %4d, ASM unresolvable methods %2d%n",
                    e.getKey(), s.classes, s.preJava8, s.classesRewritten, s.methods,
                    s.methodsRewritten, s.problems, s.baselineFailures, s.errors, s.asmChecked,
                    s.asmErrors, s.asmSkipped));
        }
        report.append(String.format("  time: rewrite %.1fs, JVM link %.1fs, ASM check %.1fs%n",
                secs(start, rewrittenAt), secs(rewrittenAt, linkedAt), secs(linkedAt, checkedAt)));
        String summary = null;
        Map<String, Integer> kinds = new TreeMap<>();
        for (Error e : errors) {
            kinds.merge(e.kind, 1, Integer::sum);
        }
        if (!kinds.isEmpty()) {
            report.append("error kinds:\n");
            kinds.forEach((k, n) -> report.append(String.format("  %6d  %s%n", n, k)));
            summary = report.toString();
            report.append("first errors:\n");
            for (int i = 0; i < Math.min(DETAILS, errors.size()); i++) {
                Error e = errors.get(i);
                report.append("  [").append(e.jar).append("] ").append(e.className).append(": ")
                        .append(truncate(e.message, MESSAGE_LINES).trim()).append('\n');
            }
            report.append("first listing per error kind (max " + LISTINGS + "):\n");
            Set<String> shown = new HashSet<>();
            for (Error e : errors) {
                if (!e.listing.isEmpty() && shown.size() < LISTINGS && shown.add(e.kind)) {
                    report.append("  ").append(e.className).append(" (").append(e.kind).append("):\n")
                            .append(truncate(e.listing, LISTING_LINES));
                }
            }
        }
        Map<String, List<Problem>> problemKinds = new TreeMap<>();
        for (Problem p : problems) {
            problemKinds.computeIfAbsent(firstLine(p.message()).replaceAll("instruction \\d+", "instruction N"),
                    k -> new ArrayList<>()).add(p);
        }
        if (!problemKinds.isEmpty()) {
            report.append("problems (refusals, not errors), with up to 3 examples:\n");
            problemKinds.forEach((k, ps) -> {
                report.append(String.format("  %6d  %s%n", ps.size(), k));
                ps.stream().limit(3).forEach(p -> report.append("            ").append(p.className())
                        .append('.').append(p.method()).append('\n'));
            });
        }
        if (!baselineKinds.isEmpty()) {
            report.append("baseline link failures (original bytes, not counted as errors):\n");
            baselineKinds.forEach((k, n) -> report.append(String.format("  %6d  %s%n", n, k)));
        }
        System.out.print(report);
        if (summary == null) {
            summary = report.toString();
        }
        summary += "(details: target/surefire-reports/" + getClass().getName() + "-output.txt)";

        // Guards against a harness that "passes" by linking nothing: nearly all of the corpus must
        // link unrewritten (a missing parent or a broken loader would fail everything in both).
        int classes = original.size();
        int baseline = stats.values().stream().mapToInt(s -> s.baselineFailures).sum();
        assertTrue(baseline * 20 < classes, baseline + " of " + classes
                + " corpus classes fail to link unrewritten: the harness is broken\n" + summary);
        assertEquals(0, errors.size(), summary);
        assertTrue(totalMethodsRewritten > MIN_METHODS_REWRITTEN,
                "only " + totalMethodsRewritten + " methods rewritten, want > " + MIN_METHODS_REWRITTEN
                        + "\n" + summary);
    }

    // ------------------------------------------------------------------ helpers

    private static int methodsWithCode(byte[] classFile) {
        ClassNode cn = new ClassNode();
        new ClassReader(classFile).accept(cn, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        int n = 0;
        for (MethodNode m : cn.methods) {
            if (m.instructions.size() > 0) {
                n++;
            }
        }
        return n;
    }

    private static int classFileMajor(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    /** HotSpot's VerifyError names the method: "Location:\n    a/b/C.m(I)V @12: invokevirtual". */
    private static final Pattern LOCATION =
            Pattern.compile("Location:\\s+([^\\s.]+)\\.([^\\s(]+)(\\([^)\\s]*\\)\\S+) @");

    /** The rewritten bytecode of the method a VerifyError names, or "" if none. */
    private static String jvmListing(String message, Map<String, byte[]> rewritten) {
        if (message == null) {
            return "";
        }
        Matcher m = LOCATION.matcher(message);
        if (!m.find()) {
            return "";
        }
        byte[] b = rewritten.get(m.group(1).replace('/', '.'));
        if (b == null) {
            return "";
        }
        ClassNode cn = new ClassNode();
        new ClassReader(b).accept(cn, 0);
        for (MethodNode mn : cn.methods) {
            if (mn.name.equals(m.group(2)) && mn.desc.equals(m.group(3))) {
                return BytecodeCheck.textify(mn);
            }
        }
        return "";
    }

    /** ASM's messages start "Error at instruction 12: Expected I, but found ..."; drop the index. */
    private static String asmKind(String message) {
        String s = firstLine(message).replaceFirst("Error at instruction \\d+: ", "");
        return s.length() > 120 ? s.substring(0, 120) : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "null";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String stackTop(Throwable t) {
        StringBuilder b = new StringBuilder();
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(8, st.length); i++) {
            b.append("\n    at ").append(st[i]);
        }
        return b.toString();
    }

    private static String truncate(String listing, int lines) {
        String[] ls = listing.split("\n");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(lines, ls.length); i++) {
            b.append("      ").append(ls[i]).append('\n');
        }
        if (ls.length > lines) {
            b.append("      ... ").append(ls.length - lines).append(" more lines\n");
        }
        return b.toString();
    }

    private static double secs(long from, long to) {
        return (to - from) / 1e9;
    }
}
