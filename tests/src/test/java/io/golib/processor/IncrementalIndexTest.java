package io.golib.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.processor.generate.SuspendablesIndexHooks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental compilation: two javac runs share one class output directory, the second compiling
 * only some sources, as Maven's and IDEs' incremental builds do. The index must end up as a clean
 * build of the final sources would write it.
 */
class IncrementalIndexTest {
    @TempDir
    Path dir;

    private Path write(String rel, String text) throws IOException {
        Path p = dir.resolve("src").resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    /** Compiles {@code sources} into {@code out} (also on the classpath, as build tools do). */
    private void javac(Path out, Path... sources) throws IOException {
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null,
                StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-classpath",
                    out + java.io.File.pathSeparator + System.getProperty("java.class.path")));
            JavaCompiler.CompilationTask task = javac.getTask(null, fm, diags, options, null,
                    fm.getJavaFileObjects(sources));
            task.setProcessors(List.of(new GolibProcessor()));
            boolean ok = task.call();
            assertTrue(ok, "javac failed: " + diags.getDiagnostics());
        }
    }

    private List<String> index(Path out) throws IOException {
        return SuspendablesIndexHooks.parse(
                Files.readString(out.resolve("META-INF/golib/suspendables")));
    }

    @Test
    void recompilingSomeSourcesKeepsTheOthersLinesAndReplacesTheirOwn() throws IOException {
        Path out = dir.resolve("out");
        Path a = write("demo/A.java", "package demo;\npublic class A {\n"
                + "  @io.golib.Goroutine public void a() {}\n"
                + "  public io.golib.GoRunnable body() { return new io.golib.GoRunnable() { public void run() {} }; }\n"
                + "}\n");
        Path b = write("demo/B.java", "package demo;\npublic class B {\n"
                + "  @io.golib.Goroutine public void before() {}\n"
                + "  static class Nested { @io.golib.Goroutine void gone() {} }\n"
                + "}\n");
        javac(out, a, b);
        assertEquals(List.of("demo/A a ()V", "demo/A$1 run ()V", "demo/B before ()V",
                "demo/B$Nested gone ()V"), index(out));

        // B changes: a method renamed, the nested class removed. Only B is recompiled.
        write("demo/B.java", "package demo;\npublic class B extends A {\n"
                + "  @io.golib.Goroutine public void after() {}\n"
                + "  @Override public void a() {}\n"
                + "}\n");
        Files.delete(out.resolve("demo/B$Nested.class"));
        javac(out, b);
        assertEquals(List.of("demo/A a ()V", "demo/A$1 run ()V", "demo/B a ()V",
                "demo/B after ()V"), index(out));
    }

    @Test
    void linesOfDeletedClassesAreDroppedWhenTheirClassFileIsGone() throws IOException {
        Path out = dir.resolve("out");
        Path a = write("demo/A.java", "package demo;\npublic class A { @io.golib.Goroutine void a() {} }\n");
        Path c = write("demo/C.java", "package demo;\npublic class C { @io.golib.Goroutine void c() {} }\n");
        javac(out, a, c);
        assertEquals(List.of("demo/A a ()V", "demo/C c ()V"), index(out));

        // C's source is deleted; the build tool removes its class file and recompiles A only.
        Files.delete(c);
        Files.delete(out.resolve("demo/C.class"));
        javac(out, a);
        assertEquals(List.of("demo/A a ()V"), index(out));
    }

    @Test
    void preexistingLinesForClassesStillInTheOutputAreKept() throws IOException {
        Path out = dir.resolve("out");
        Path lib = write("lib/Lib.java", "package lib;\npublic class Lib { public void m() {} }\n");
        javac(out, lib);
        // An index written by another tool run, naming a class this compilation does not touch.
        Files.createDirectories(out.resolve("META-INF/golib"));
        Files.writeString(out.resolve("META-INF/golib/suspendables"),
                "# earlier\nlib/Lib m ()V\nlib/Missing x ()V\n");
        Path a = write("demo/A.java", "package demo;\npublic class A { @io.golib.Goroutine void a() {} }\n");
        javac(out, a);
        assertEquals(List.of("demo/A a ()V", "lib/Lib m ()V"), index(out));
    }
}
