package io.golib.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line: arguments and exit codes, in-place rewriting of a directory and of a jar,
 * idempotence, and the write discipline (no temporary file left, nothing touched on failure).
 *
 * <p>The rewriting tests compile a tiny suspendable class against stand-ins for golib's
 * annotations and {@code Continuation.park()} (this module does not depend on the runtime): the
 * transformer only reads class files, so the stand-ins look to it exactly like the real ones.
 */
class CliTest {
    @TempDir
    Path tmp;

    /** Compiled once for the class: javac is the slow part of these tests. */
    @TempDir
    static Path compiled;

    private static Path stubs;
    private static Path workClasses;

    @BeforeAll
    static void compileOnce() throws IOException {
        compileAll(compiled);
    }

    /** A fresh copy of the compiled demo classes, for a test to rewrite. */
    private Path workCopy() throws IOException {
        Path copy = tmp.resolve("classes");
        try (Stream<Path> walk = Files.walk(workClasses)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = copy.resolve(workClasses.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        return Cli.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------
    // Usage

    @Test
    void usageErrorsExitWithTwoAndNameTheCommand() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("classes"));
        String[][] bad = {
            {},
            {"rewrite", dir.toString()},
            {"instrument"},
            {"instrument", tmp.resolve("missing").toString()},
            {"instrument", dir.toString(), "--classpath"},
            {"instrument", dir.toString(), "--bogus"},
            {"instrument", dir.toString(), dir.toString()},
        };
        for (String[] args : bad) {
            err.reset();
            assertEquals(Cli.USAGE, cli(args), "exit code for " + List.of(args));
            assertTrue(err().contains("usage: java -jar golib-agent.jar instrument"),
                    "usage for " + List.of(args) + ": " + err());
        }
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertEquals(Cli.OK, cli("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("instrument"));
    }

    // ---------------------------------------------------------------------------------------------
    // Directories

    @Test
    void directoryIsRewrittenInPlaceOnceAndLeftoversAreDeleted() throws IOException {
        Path classes = workCopy();
        Path leftover = Files.write(classes.resolve("demo/Work.class.42" + Cli.TEMP_SUFFIX), new byte[] {1});

        assertEquals(Cli.OK, cli("instrument", classes.toString(), "--classpath", stubs.toString()), err());
        byte[] once = Files.readAllBytes(classes.resolve("demo/Work.class"));
        assertTrue(Transformer.isInstrumented(once), "demo/Work.class must carry the marker");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("golib: instrumented 1 classes"), out.toString());
        assertTrue(Files.notExists(leftover), "a leftover temporary must be deleted");

        // Second run: the marker makes it a no-op.
        out.reset();
        assertEquals(Cli.OK, cli("instrument", classes.toString(), "--classpath", stubs.toString()), err());
        assertArrayEquals(once, Files.readAllBytes(classes.resolve("demo/Work.class")));
        assertTrue(out.toString(StandardCharsets.UTF_8)
                .contains("instrumented 0 classes (0 methods), skipped 1 already instrumented"), out.toString());
        assertEquals(List.of("demo/Work.class"), files(classes));
    }

    @Test
    void classesWithNothingSuspendableAreLeftByteForByte() throws IOException {
        Path classes = Files.createDirectories(tmp.resolve("plain/io/golib/agent"));
        byte[] plain = ownClassFile();
        Path f = Files.write(classes.resolve("CliTest.class"), plain);
        assertEquals(Cli.OK, cli("instrument", tmp.resolve("plain").toString()), err());
        assertArrayEquals(plain, Files.readAllBytes(f));
    }

    // ---------------------------------------------------------------------------------------------
    // Jars

    @Test
    void jarIsRebuiltWithItsOtherEntriesAndReplaced() throws IOException {
        Path classes = workCopy();
        Map<String, byte[]> entries = new TreeMap<>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nMain-Class: demo.Work\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        entries.put("demo/Work.class", Files.readAllBytes(classes.resolve("demo/Work.class")));
        entries.put("demo/notes.txt", "kept".getBytes(StandardCharsets.UTF_8));
        entries.put("lib/nested.jar", "stored".getBytes(StandardCharsets.UTF_8));
        Path jar = writeJar(tmp.resolve("app.jar"), entries);

        assertEquals(Cli.OK, cli("instrument", jar.toString(), "--classpath", stubs.toString()), err());
        Map<String, byte[]> after = readJar(jar);
        assertEquals(entries.keySet(), after.keySet());
        assertArrayEquals(entries.get("META-INF/MANIFEST.MF"), after.get("META-INF/MANIFEST.MF"));
        assertArrayEquals(entries.get("demo/notes.txt"), after.get("demo/notes.txt"));
        assertTrue(Transformer.isInstrumented(after.get("demo/Work.class")), "the jar's class must be rewritten");
        assertArrayEquals(entries.get("lib/nested.jar"), after.get("lib/nested.jar"));
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals(ZipEntry.STORED, j.getEntry("lib/nested.jar").getMethod(), "a stored entry must stay stored");
        }
        assertEquals(List.of("app.jar"), files(tmp.resolve("app.jar").getParent()).stream()
                .filter(n -> n.startsWith("app.jar")).collect(Collectors.toList()), "no temporary left beside the jar");
    }

    @Test
    void jarWithNothingToRewriteIsNotTouched() throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        entries.put("io/golib/agent/CliTest.class", ownClassFile());
        Path jar = writeJar(tmp.resolve("plain.jar"), entries);
        byte[] before = Files.readAllBytes(jar);
        assertEquals(Cli.OK, cli("instrument", jar.toString()), err());
        assertArrayEquals(before, Files.readAllBytes(jar));
    }

    @Test
    void signedJarIsRefusedAndLeftAlone() throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        entries.put("META-INF/SIGNER.SF", new byte[] {1});
        entries.put("io/golib/agent/CliTest.class", ownClassFile());
        Path jar = writeJar(tmp.resolve("signed.jar"), entries);
        byte[] before = Files.readAllBytes(jar);
        assertEquals(Cli.PROBLEMS, cli("instrument", jar.toString()));
        assertTrue(err().contains("signed"), err());
        assertArrayEquals(before, Files.readAllBytes(jar));
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /**
     * Compiles, in one javac run (the slow part of these tests), stand-ins for golib's annotation,
     * functional interface and parking primitive, and {@code demo.Work}: a named suspendable method
     * and a GoRunnable lambda, both parking. Then moves {@code demo} to its own directory, the one
     * the tests rewrite; the stand-ins stay behind as its class path.
     */
    private static void compileAll(Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        write(src.resolve("io/golib/Goroutine.java"), "package io.golib;\n"
                + "import java.lang.annotation.*;\n"
                + "@Retention(RetentionPolicy.RUNTIME) @Target(ElementType.METHOD)\n"
                + "public @interface Goroutine {}\n");
        write(src.resolve("io/golib/GoRunnable.java"), "package io.golib;\n"
                + "@FunctionalInterface public interface GoRunnable { @Goroutine void run() throws Exception; }\n");
        write(src.resolve("io/golib/runtime/stack/Continuation.java"), "package io.golib.runtime.stack;\n"
                + "public final class Continuation {\n"
                + "  @io.golib.Goroutine public static void park() {}\n"
                + "}\n");
        write(src.resolve("demo/Work.java"), "package demo;\n"
                + "import io.golib.GoRunnable;\n"
                + "import io.golib.Goroutine;\n"
                + "import io.golib.runtime.stack.Continuation;\n"
                + "public class Work {\n"
                + "  @Goroutine static int twice(int x) throws Exception {\n"
                + "    int a = x + 1;\n"
                + "    Continuation.park();\n"
                + "    return a * 2;\n"
                + "  }\n"
                + "  static GoRunnable body(int[] out) {\n"
                + "    return () -> { Continuation.park(); out[0] = twice(out[0]); };\n"
                + "  }\n"
                + "}\n");
        stubs = compile(src, tmp.resolve("stubs"));
        workClasses = Files.createDirectories(tmp.resolve("classes"));
        Files.move(stubs.resolve("demo"), workClasses.resolve("demo"));
    }

    private static Path compile(Path src, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", outDir.toString()));
        try (Stream<Path> walk = Files.walk(src)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, args.toArray(new String[0]));
        assertEquals(0, rc, "javac: " + diagnostics.toString(StandardCharsets.UTF_8));
        return outDir;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static byte[] ownClassFile() throws IOException {
        try (var in = CliTest.class.getResourceAsStream("CliTest.class")) {
            return in.readAllBytes();
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().collect(Collectors.toList());
        }
    }

    private static Path writeJar(Path jar, Map<String, byte[]> entries) throws IOException {
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                JarEntry entry = new JarEntry(e.getKey());
                if (e.getKey().startsWith("lib/")) {
                    // Stored, as launchers want nested jars.
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                j.putNextEntry(entry);
                j.write(e.getValue());
                j.closeEntry();
            }
        }
        return jar;
    }

    private static Map<String, byte[]> readJar(Path jar) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (JarEntry e : java.util.Collections.list(j.entries())) {
                try (var in = j.getInputStream(e)) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }
}
