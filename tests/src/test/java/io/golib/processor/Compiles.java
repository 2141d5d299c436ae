package io.golib.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Test support: compiles sources with {@link GolibProcessor} (golib-runtime's annotations come
 * from the test classpath) and checks diagnostics by tag, kind, file, line and message.
 *
 * <p>Lines are found by a marker comment in the source (a comment such as {@code //A} at the end
 * of the line), so a test's expectation stays right when the source is edited.
 */
final class Compiles {
    private Compiles() {}

    /** A source file {@code name} (e.g. {@code "demo.Demo"}) with {@code text}. */
    static Src src(String name, String text) {
        return new Src(JavaFileObjects.forSourceString(name, text), text);
    }

    /** A source and its text, to find marker lines in. */
    static final class Src {
        final JavaFileObject file;
        final String text;

        Src(JavaFileObject file, String text) {
            this.file = file;
            this.text = text;
        }

        /** The 1-based line ending with {@code marker}, which must end exactly one line. */
        int line(String marker) {
            String[] lines = text.split("\n", -1);
            int found = -1;
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].stripTrailing().endsWith(marker)) {
                    if (found >= 0) {
                        fail("marker " + marker + " occurs twice in " + file.getName());
                    }
                    found = i + 1;
                }
            }
            if (found < 0) {
                fail("marker " + marker + " not in " + file.getName());
            }
            return found;
        }
    }

    /** Compiles with the processor and {@code options} (e.g. {@code -Agolib.strict=true}). */
    static Compilation compile(List<String> options, Src... sources) {
        List<JavaFileObject> files = new ArrayList<>();
        for (Src s : sources) {
            files.add(s.file);
        }
        return Compiler.javac().withProcessors(new GolibProcessor()).withOptions(options)
                .compile(files);
    }

    static Compilation compile(Src... sources) {
        return compile(List.of(), sources);
    }

    /** The golib diagnostics (those with {@code [tag]}) of a compilation. */
    static List<Diagnostic<? extends JavaFileObject>> tagged(Compilation c, String tag) {
        List<Diagnostic<? extends JavaFileObject>> out = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getMessage(Locale.ROOT).startsWith("[" + tag + "]")) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Asserts that exactly one {@code [tag]} diagnostic of {@code kind} sits in {@code src} on the
     * line of {@code marker}, and that its message contains each of {@code phrases}.
     */
    static void assertReported(Compilation c, Diagnostic.Kind kind, String tag, Src src,
            String marker, String... phrases) {
        int line = src.line(marker);
        String prefix = "[" + tag + "]";
        // compile-testing's own view: message, kind, file and line.
        if (kind == Diagnostic.Kind.ERROR) {
            assertThat(c).hadErrorContaining(prefix).inFile(src.file).onLine(line);
        } else {
            assertThat(c).hadWarningContaining(prefix).inFile(src.file).onLine(line);
        }
        List<Diagnostic<? extends JavaFileObject>> onLine = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : tagged(c, tag)) {
            if (d.getKind() == kind && d.getLineNumber() == line
                    && d.getSource() != null && d.getSource().toUri().equals(src.file.toUri())) {
                onLine.add(d);
            }
        }
        assertEquals(1, onLine.size(), tag + " on line " + line + ": " + c.diagnostics());
        String message = onLine.get(0).getMessage(Locale.ROOT);
        for (String p : phrases) {
            assertTrue(message.contains(p), tag + ": want \"" + p + "\" in: " + message);
        }
    }

    /** Asserts that no {@code [tag]} diagnostic was reported on the line of {@code marker}. */
    static void assertNotReported(Compilation c, String tag, Src src, String marker) {
        int line = src.line(marker);
        for (Diagnostic<? extends JavaFileObject> d : tagged(c, tag)) {
            if (d.getLineNumber() == line) {
                fail(tag + " reported on line " + line + " where it should not be: " + d);
            }
        }
    }

    /** Asserts that the compilation reported no {@code [tag]} diagnostic at all. */
    static void assertNone(Compilation c, String tag) {
        assertEquals(List.of(), tagged(c, tag), tag + " reported where it should not be");
    }
}
