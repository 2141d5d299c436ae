package io.golib.maven;

import io.golib.agent.Problem;
import io.golib.agent.Transformer;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rewrites the class files of one output directory in place with the agent's {@link Transformer}:
 * the Maven-independent core of the {@code instrument} and {@code instrument-tests} goals.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Never a half-written class: a rewritten class goes to a temporary file in the same
 *       directory, which is then renamed over the original (atomic on one file system). Leftover
 *       temporaries of an interrupted build ({@link #TEMP_SUFFIX}) are deleted, so they never reach
 *       a jar.
 *   <li>A class with a problem is not written when problems fail the build: it keeps no marker,
 *       so the next build reports it again rather than skipping it as already instrumented.
 *   <li>Idempotent: a class carrying the marker ({@link Transformer#isInstrumented}) is skipped.
 *       javac writes a recompiled class fresh, without the marker, so exactly the changed classes
 *       are rewritten.
 * </ul>
 */
final class ClassesInstrumenter {
    /** Suffix of the temporary files; anything ending so is a leftover and is deleted. */
    static final String TEMP_SUFFIX = ".golib-tmp";

    private final Function<byte[], Transformer.Result> transformer;
    private final boolean writeClassesWithProblems;

    /**
     * @param transformer {@link Transformer#transform}; a function so tests can stand in for it
     * @param writeClassesWithProblems whether a class with problems is still written (its refused
     *     calls then block their carrier instead of parking); false when problems fail the build
     */
    ClassesInstrumenter(Function<byte[], Transformer.Result> transformer, boolean writeClassesWithProblems) {
        this.transformer = transformer;
        this.writeClassesWithProblems = writeClassesWithProblems;
    }

    /** What one run over a directory did. */
    static final class Report {
        int instrumented;
        int methods;
        int skipped;
        int unchanged;
        final List<Problem> problems = new ArrayList<>();

        String summary() {
            return "golib: instrumented " + instrumented + " classes (" + methods
                    + " methods), skipped " + skipped + " already instrumented";
        }
    }

    Report instrument(Path classesDirectory) throws IOException {
        Report report = new Report();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classesDirectory)) {
            // Sorted so that problems are reported in the same order on every machine.
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(TEMP_SUFFIX)) {
                Files.deleteIfExists(file);
            } else if (name.endsWith(".class")) {
                instrumentClass(classesDirectory, file, report);
            }
        }
        return report;
    }

    private void instrumentClass(Path root, Path file, Report report) throws IOException {
        byte[] classFile = Files.readAllBytes(file);
        if (Transformer.isInstrumented(classFile)) {
            report.skipped++;
            return;
        }
        Transformer.Result result;
        try {
            result = transformer.apply(classFile);
        } catch (RuntimeException e) {
            // A transformer bug or a malformed class file: located by file and reported with the
            // rest, so one build shows every problem.
            String className = root.relativize(file).toString().replace('\\', '/')
                    .replaceAll("\\.class$", "").replace('/', '.');
            report.problems.add(new Problem(className, "?", -1, "the transformer failed: " + e));
            return;
        }
        report.problems.addAll(result.problems());
        if (!result.problems().isEmpty() && !writeClassesWithProblems) {
            return;
        }
        if (!result.changed()) {
            report.unchanged++;
            return;
        }
        writeAtomically(file, result.bytes());
        report.instrumented++;
        report.methods += result.methodsRewritten();
    }

    /** Replaces {@code target} by renaming a complete temporary file from the same directory. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(),
                target.getFileName().toString() + ".", TEMP_SUFFIX);
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same directory, so only exotic file systems land here; a plain replace is what is left.
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
