package io.golib.processor;

import static io.golib.processor.Compiles.assertReported;
import static io.golib.processor.Compiles.compile;
import static io.golib.processor.Compiles.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static java.util.stream.Collectors.toList;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.golib.processor.Compiles.Src;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaCompiler.CompilationTask;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [GoMainSignature]}, {@code [GoMainPlacement]}, {@code [GoMainDuplicate]}: {@code @GoMain}
 * where no launcher can call it. Each is an error on the annotation's line, names what is wrong
 * and the fix, and no launcher is written for the method.
 */
class GoMainCheckTest {
    static final String FIX = "Fix: declare it as public static void main(String[] args)";

    /** One class per mistake, so each launcher name tells which class got one. */
    static final Src BAD = src("demo.Bad", String.join("\n",
            "package demo;",
            "",
            "import io.golib.GoMain;",
            "",
            "public class Bad {",
            "    static class NotStatic {",
            "        @GoMain //not-static",
            "        public void main(String[] args) {}",
            "    }",
            "    static class Named {",
            "        @GoMain //named",
            "        public static void start(String[] args) {}",
            "    }",
            "    static class NoArgs {",
            "        @GoMain //no-args",
            "        public static void main() {}",
            "    }",
            "    static class TwoArgs {",
            "        @GoMain //two-args",
            "        public static void main(String[] args, int n) {}",
            "    }",
            "    static class StringArg {",
            "        @GoMain //string-arg",
            "        public static void main(String arg) {}",
            "    }",
            "    static class ReturnsLong {",
            "        @GoMain //returns-long",
            "        public static long main(String[] args) { return 0; }",
            "    }",
            "    static class Private {",
            "        @GoMain //private",
            "        private static void main(String[] args) {}",
            "    }",
            "    static class Everything {",
            "        @GoMain //everything",
            "        String run(Object o) { return \"\"; }",
            "    }",
            "    class Inner {",
            "        @GoMain //inner",
            "        static void main(String[] args) {}",
            "    }",
            "    private static class Hidden {",
            "        @GoMain //hidden",
            "        static void main(String[] args) {}",
            "    }",
            "    static class Twice {",
            "        @GoMain //first",
            "        static void main(String[] args) {}",
            "        @GoMain //second",
            "        static int main(String[] args, String more) { return 0; }",
            "    }",
            "}",
            ""));

    static final Compilation C = compile(BAD);

    @Test
    void notStatic() {
        assertReported(C, Diagnostic.Kind.ERROR, "GoMainSignature", BAD, "//not-static",
                "Bad.NotStatic.main(String[])", "is not static", FIX);
    }

    @Test
    void wrongName() {
        assertReported(C, Diagnostic.Kind.ERROR, "GoMainSignature", BAD, "//named",
                "is named start, not main", FIX);
    }

    @Test
    void wrongParameters() {
        // Zero, two, and one of the wrong type: each names what it takes.
        assertReported(C, Diagnostic.Kind.ERROR, "GoMainSignature", BAD, "//no-args",
                "takes (), not exactly (String[] args)", FIX);
        assertReported(C, Diagnostic.Kind.ERROR, "GoMainSignature", BAD, "//two-args",
                "takes (String[], int), not exactly (String[] args)", FIX);
        assertReported(C, Diagnostic.Kind.ERROR, "GoMainSignature", BAD, "//string-arg",
                "takes (String), not exactly (String[] args)", FIX);
    }

    @Test
    void wrongReturnType() {
        assertReported(C, Diagnostic.Kind.ERROR, "GoMainSignature", BAD, "//returns-long",
                "returns long, not void or int", "static int main(String[] args)");
    }

    @Test
    void privateMethod() {
        assertReported(C, Diagnostic.Kind.ERROR, "GoMainSignature", BAD, "//private",
                "is private (the launcher cannot call it)", FIX);
    }

    @Test
    void everythingWrongIsOneMessage() {
        assertReported(C, Diagnostic.Kind.ERROR, "GoMainSignature", BAD, "//everything",
                "is not static, is named run, not main, takes (Object), not exactly"
                        + " (String[] args), returns String, not void or int", FIX);
    }

    @Test
    void innerClass() {
        assertReported(C, Diagnostic.Kind.ERROR, "GoMainPlacement", BAD, "//inner",
                "Bad.Inner, which is an inner (non-static) class",
                "Fix: put the main method in a top-level class or a non-private static nested"
                        + " class");
    }

    @Test
    void privateClass() {
        assertReported(C, Diagnostic.Kind.ERROR, "GoMainPlacement", BAD, "//hidden",
                "Bad.Hidden, which is private");
    }

    @Test
    void twoInOneClass() {
        assertReported(C, Diagnostic.Kind.ERROR, "GoMainDuplicate", BAD, "//second",
                "a second @GoMain in Bad.Twice (the first is on Bad.Twice.main(String[]))",
                "Fix: remove @GoMain from all but one main method");
        // The first is well-formed: not reported, but no launcher either (which would it be?).
        assertEquals(0, Compiles.tagged(C, "GoMainDuplicate").stream()
                .filter(d -> d.getLineNumber() == BAD.line("//first")).count());
    }

    /**
     * No launcher is written for a method that was reported. compile-testing hides a failed
     * compilation's generated files, so this one runs javac itself, with a real source output
     * directory to look into.
     */
    @Test
    void noLauncherForAnyOfThem(@TempDir Path dir) throws IOException {
        Path srcDir = Files.createDirectories(dir.resolve("src/demo"));
        Path gen = Files.createDirectories(dir.resolve("gen"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Path file = Files.writeString(srcDir.resolve("Bad.java"), BAD.text);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, Locale.ROOT, null)) {
            CompilationTask task = javac.getTask(null, fm, diagnostics,
                    List.of("-classpath", Rewritten.runtimeClasses().toString(),
                            "-s", gen.toString(), "-d", out.toString()),
                    null, fm.getJavaFileObjects(file));
            task.setProcessors(List.of(new GolibProcessor()));
            assertFalse(task.call());
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d.getMessage(Locale.ROOT));
            }
        }
        // Each mistake reported once, by golib, and nothing else: no launcher failed to compile.
        assertEquals(11, errors.size(), errors.toString());
        for (String e : errors) {
            assertTrue(e.startsWith("[GoMain"), "unexpected: " + e);
        }
        try (Stream<Path> generated = Files.walk(gen)) {
            assertEquals(List.of(), generated.filter(Files::isRegularFile).collect(toList()));
        }
    }
}
