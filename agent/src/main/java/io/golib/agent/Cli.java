package io.golib.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The command line behind {@code java -jar golib-agent.jar}: build-time instrumentation for build
 * tools other than Maven (Gradle, Bazel, a shell script). It calls the same {@link Transformer} as
 * the {@code -javaagent} and the Maven plugin; only how the bytes arrive differs.
 *
 * <pre>
 * java -jar golib-agent.jar instrument build/classes            # rewrites class files in place
 * java -jar golib-agent.jar instrument app.jar --classpath lib/a.jar:lib/b.jar
 * </pre>
 *
 * <p>Invariants, the same as the Maven plugin's:
 * <ul>
 *   <li>Nothing is ever half-written. A class file is replaced by renaming a complete temporary
 *       file in the same directory over it; a jar is rebuilt into a temporary file beside it and
 *       renamed over the original only when every class in it succeeded.
 *   <li>A class with a problem is never written: it keeps no marker, so the next run finds and
 *       reports it again instead of skipping it as "already instrumented".
 *   <li>Idempotent: classes that carry the marker ({@link Transformer#isInstrumented}) are
 *       skipped, so running twice changes nothing the second time.
 * </ul>
 *
 * <p>Exit codes: 0 success, 1 problems (each printed as class, method, line and reason), 2 usage
 * error. Uses only the JDK and the agent's own classes so the shaded jar runs on its own.
 */
public final class Cli {
    static final int OK = 0;
    static final int PROBLEMS = 1;
    static final int USAGE = 2;

    /** Leftovers of an interrupted run carry this suffix; they are deleted, never read. */
    static final String TEMP_SUFFIX = ".golib-tmp";

    private static final String USAGE_TEXT = String.join(System.lineSeparator(),
            "usage: java -jar golib-agent.jar instrument <classes-dir-or-jar> [--classpath <path>]",
            "",
            "  instrument   rewrite the suspendable methods of compiled classes in place, so they",
            "               run with plain java (no -javaagent). A directory is rewritten file by",
            "               file; a jar is rebuilt and replaced.",
            "  --classpath  the dependencies of those classes (" + java.io.File.pathSeparator
                    + "-separated), read for the class hierarchy and the processor's index",
            "               (META-INF/golib/suspendables); the target itself is always read first.");

    private final PrintStream out;
    private final PrintStream err;

    private Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Runs one command and returns its exit code; never exits the JVM (tests call this). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return new Cli(out, err).dispatch(args);
    }

    // ---------------------------------------------------------------------------------------------
    // Arguments

    private int dispatch(String[] args) {
        if (args.length == 0) {
            return usage("no command given");
        }
        String command = args[0];
        if (command.equals("-h") || command.equals("--help") || command.equals("help")) {
            out.println(USAGE_TEXT);
            return OK;
        }
        if (!command.equals("instrument")) {
            return usage("unknown command '" + command + "'");
        }
        Path target = null;
        List<Path> classPath = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--classpath") || a.equals("-cp")) {
                if (i + 1 == args.length) {
                    return usage(a + " needs a value");
                }
                for (String p : args[++i].split(java.io.File.pathSeparator)) {
                    if (!p.isEmpty()) {
                        classPath.add(Paths.get(p));
                    }
                }
            } else if (a.startsWith("-")) {
                return usage("unknown option '" + a + "'");
            } else if (target != null) {
                return usage("instrument takes one directory or jar, got also '" + a + "'");
            } else {
                target = Paths.get(a);
            }
        }
        if (target == null) {
            return usage("instrument needs a directory or jar");
        }
        if (!Files.exists(target)) {
            return usage("no such file or directory: " + target);
        }
        List<Path> source = new ArrayList<>();
        source.add(target);
        source.addAll(classPath);
        Transformer transformer = new Transformer(ClassSource.of(source));
        try {
            return Files.isDirectory(target)
                    ? instrumentDirectory(target, transformer)
                    : instrumentJar(target, transformer);
        } catch (IOException | UncheckedIOException e) {
            err.println("golib: " + e.getMessage());
            return PROBLEMS;
        }
    }

    private int usage(String why) {
        err.println("golib: " + why);
        err.println(USAGE_TEXT);
        return USAGE;
    }

    // ---------------------------------------------------------------------------------------------
    // A directory: each class file replaced on its own

    private int instrumentDirectory(Path dir, Transformer transformer) throws IOException {
        Tally tally = new Tally();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(TEMP_SUFFIX)) {
                Files.deleteIfExists(file);
            } else if (name.endsWith(".class")) {
                byte[] rewritten = tally.rewrite(transformer, Files.readAllBytes(file),
                        dir.relativize(file).toString());
                if (rewritten != null) {
                    writeAtomically(file, rewritten);
                }
            }
        }
        return tally.report(dir.toString(), "the classes with problems were left as they were");
    }

    /** Replaces {@code target} by renaming a complete temporary file in the same directory. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(),
                target.getFileName().toString() + ".", TEMP_SUFFIX);
        try {
            Files.write(temp, bytes);
            moveOver(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void moveOver(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so only exotic file systems get here; a plain replace is the best left.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // A jar: rebuilt beside the original, replaced only if every class succeeded

    private int instrumentJar(Path jar, Transformer transformer) throws IOException {
        Tally tally = new Tally();
        Path temp = Files.createTempFile(jar.toAbsolutePath().getParent(),
                jar.getFileName().toString() + ".", TEMP_SUFFIX);
        try {
            try (ZipFile zip = new ZipFile(jar.toFile());
                    OutputStream fileOut = Files.newOutputStream(temp);
                    ZipOutputStream zipOut = new ZipOutputStream(fileOut)) {
                if (isSigned(zip)) {
                    err.println("golib: " + jar + " is signed; rewriting its classes would break the"
                            + " signature. Instrument the classes before signing.");
                    return PROBLEMS;
                }
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    byte[] bytes;
                    try (InputStream in = zip.getInputStream(entry)) {
                        bytes = readAll(in);
                    }
                    if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
                        byte[] rewritten = tally.rewrite(transformer, bytes, entry.getName());
                        if (rewritten != null) {
                            bytes = rewritten;
                        }
                    }
                    // A fresh entry: the original's compressed size and CRC no longer hold.
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    if (entry.getMethod() == ZipEntry.STORED) {
                        // Kept stored: some launchers (Spring Boot's nested jars) require it, and a
                        // stored entry must declare its size and CRC up front.
                        CRC32 crc = new CRC32();
                        crc.update(bytes);
                        copy.setMethod(ZipEntry.STORED);
                        copy.setSize(bytes.length);
                        copy.setCompressedSize(bytes.length);
                        copy.setCrc(crc.getValue());
                    }
                    if (entry.getComment() != null) {
                        copy.setComment(entry.getComment());
                    }
                    if (entry.getExtra() != null) {
                        copy.setExtra(entry.getExtra());
                    }
                    zipOut.putNextEntry(copy);
                    zipOut.write(bytes);
                    zipOut.closeEntry();
                }
            }
            if (tally.problems.isEmpty() && tally.instrumented > 0) {
                moveOver(temp, jar);
            }
            return tally.report(jar.toString(), "the jar was left as it was");
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean isSigned(ZipFile zip) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName().toUpperCase(Locale.ROOT);
            if (name.startsWith("META-INF/") && name.indexOf('/', "META-INF/".length()) < 0
                    && (name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA")
                            || name.endsWith(".EC"))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------
    // Counting and reporting

    /** What one run did; the summary line matches the Maven plugin's. */
    private final class Tally {
        int instrumented;
        int methods;
        int skipped;
        final List<Problem> problems = new ArrayList<>();

        /** The bytes to write for one class, or {@code null} to leave it as it is. */
        byte[] rewrite(Transformer transformer, byte[] classFile, String path) {
            if (Transformer.isInstrumented(classFile)) {
                skipped++;
                return null;
            }
            Transformer.Result result;
            try {
                result = transformer.transform(classFile);
            } catch (RuntimeException e) {
                // A transformer bug or a malformed class file: report it like any refusal, located
                // by file, and keep going so the user sees every problem in one run.
                String className = path.replace('\\', '/').replaceAll("\\.class$", "").replace('/', '.');
                problems.add(new Problem(className, "?", -1, "the transformer failed: " + e));
                return null;
            }
            if (!result.problems().isEmpty()) {
                problems.addAll(result.problems());
                return null;
            }
            if (!result.changed()) {
                return null;
            }
            instrumented++;
            methods += result.methodsRewritten();
            return result.bytes();
        }

        int report(String target, String leftAlone) {
            if (!problems.isEmpty()) {
                err.println("golib: " + problems.size() + " problem(s) in " + target + "; "
                        + leftAlone + ":");
                for (Problem p : problems) {
                    err.println("  " + p);
                }
                return PROBLEMS;
            }
            out.println("golib: instrumented " + instrumented + " classes (" + methods
                    + " methods), skipped " + skipped + " already instrumented");
            return OK;
        }
    }
}
