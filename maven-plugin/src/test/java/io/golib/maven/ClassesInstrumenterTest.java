package io.golib.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.agent.Problem;
import io.golib.agent.Transformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory walk and the write discipline, with a stand-in transformer whose answer is chosen
 * by the first byte of the "class file": 'C' changed (rewritten to its bytes reversed), 'P' a
 * problem, 'X' the transformer throws, anything else unchanged. (The real transformer is exercised
 * by the invoker integration test.)
 */
class ClassesInstrumenterTest {
    @TempDir
    Path dir;

    private static final Function<byte[], Transformer.Result> FAKE = bytes -> {
        switch (bytes[0]) {
            case 'C':
                return new Transformer.Result(reversed(bytes), List.of(), 2);
            case 'P':
                return new Transformer.Result(reversed(bytes),
                        List.of(new Problem("a.Bad", "<init>()V", 7, "suspension point in a constructor")), 1);
            case 'X':
                throw new IllegalStateException("boom");
            default:
                return new Transformer.Result(null, List.of(), 0);
        }
    };

    private static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private Path write(String relative, String content) throws IOException {
        Path f = dir.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.write(f, content.getBytes("ISO-8859-1"));
        return f;
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void changedClassesAreReplacedAndCounted() throws IOException {
        Path changed = write("a/Changed.class", "Cxyz");
        Path same = write("a/Same.class", "uvw");
        Path resource = write("a/notes.txt", "Cnot a class");
        ClassesInstrumenter.Report r = new ClassesInstrumenter(FAKE, false).instrument(dir);
        assertEquals(1, r.instrumented);
        assertEquals(2, r.methods);
        assertEquals(1, r.unchanged);
        assertTrue(r.problems.isEmpty());
        assertArrayEquals("zyxC".getBytes("ISO-8859-1"), Files.readAllBytes(changed));
        assertArrayEquals("uvw".getBytes("ISO-8859-1"), Files.readAllBytes(same));
        // Only .class files go through the transformer.
        assertArrayEquals("Cnot a class".getBytes("ISO-8859-1"), Files.readAllBytes(resource));
        assertEquals(List.of("a/Changed.class", "a/Same.class", "a/notes.txt"), fileNames(), "no temporary file left");
        assertEquals("golib: instrumented 1 classes (2 methods), skipped 0 already instrumented", r.summary());
    }

    @Test
    void aClassWithProblemsIsLeftAsCompiledWhenProblemsFailTheBuild() throws IOException {
        Path bad = write("a/Bad.class", "Pabc");
        Path good = write("a/Good.class", "Cdef");
        ClassesInstrumenter.Report r = new ClassesInstrumenter(FAKE, false).instrument(dir);
        assertEquals(1, r.problems.size());
        assertEquals("a.Bad", r.problems.get(0).className());
        assertArrayEquals("Pabc".getBytes("ISO-8859-1"), Files.readAllBytes(bad), "a class with problems must stay as compiled");
        assertArrayEquals("fedC".getBytes("ISO-8859-1"), Files.readAllBytes(good), "the other classes are still rewritten");
        assertEquals(1, r.instrumented);
    }

    @Test
    void aClassWithProblemsIsWrittenWhenProblemsOnlyWarn() throws IOException {
        Path bad = write("a/Bad.class", "Pabc");
        ClassesInstrumenter.Report r = new ClassesInstrumenter(FAKE, true).instrument(dir);
        assertEquals(1, r.problems.size());
        assertArrayEquals("cbaP".getBytes("ISO-8859-1"), Files.readAllBytes(bad));
        assertEquals(1, r.instrumented);
    }

    @Test
    void aTransformerFailureIsAProblemLocatedByFile() throws IOException {
        Path broken = write("p/q/Broken.class", "Xjunk");
        ClassesInstrumenter.Report r = new ClassesInstrumenter(FAKE, true).instrument(dir);
        assertEquals(1, r.problems.size());
        Problem p = r.problems.get(0);
        assertEquals("p.q.Broken", p.className());
        assertTrue(p.message().contains("boom"), p.message());
        assertArrayEquals("Xjunk".getBytes("ISO-8859-1"), Files.readAllBytes(broken));
    }

    @Test
    void leftoverTemporariesOfAnInterruptedRunAreDeleted() throws IOException {
        write("a/Changed.class.123" + ClassesInstrumenter.TEMP_SUFFIX, "Chalf");
        write("a/Changed.class", "Cxyz");
        new ClassesInstrumenter(FAKE, false).instrument(dir);
        assertEquals(List.of("a/Changed.class"), fileNames());
    }

    @Test
    void problemMessageNamesClassMethodLineAndReason() {
        String m = AbstractInstrumentMojo.problemMessage(dir, Arrays.asList(
                new Problem("a.Bad", "<init>()V", 7, "suspension point in a constructor"),
                new Problem("a.Worse", "run()V", -1, "why")));
        assertTrue(m.startsWith("golib: 2 problems in " + dir), m);
        assertTrue(m.contains("a.Bad.<init>()V line 7: suspension point in a constructor"), m);
        assertTrue(m.contains("a.Worse.run()V (line unknown): why"), m);
        assertTrue(m.contains("failOnProblems"), "the message must name the switch: " + m);
    }

    @Test
    void writeAtomicallyReplacesTheWholeFile() throws IOException {
        Path f = write("x.class", "a much longer original content");
        ClassesInstrumenter.writeAtomically(f, new byte[] {1, 2});
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(f));
        assertFalse(fileNames().stream().anyMatch(n -> n.endsWith(ClassesInstrumenter.TEMP_SUFFIX)));
    }
}
