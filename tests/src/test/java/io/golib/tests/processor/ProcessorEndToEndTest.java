package io.golib.tests.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.GoRunnable;
import io.golib.runtime.stack.Continuation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small project compiled with golib-processor on the processor path (javac finds it through
 * META-INF/services), then loaded and run under the agent (this suite runs with -javaagent): the
 * processor's diagnostics and index come out of javac, and the classes park for real.
 */
class ProcessorEndToEndTest {

    private static final String JOB = String.join("\n",
            "package demo;",
            "import io.golib.Goroutine;",
            "public interface Job { @Goroutine int work(int x); }");
    private static final String DOUBLER = String.join("\n",
            "package demo;",
            "import io.golib.runtime.stack.Continuation;",
            "public class Doubler implements Job {",
            "  public int work(int x) { Continuation.park(); return 2 * x; }",
            "}");
    private static final String MAIN = String.join("\n",
            "package demo;",
            "import io.golib.GoRunnable;",
            "public class Main {",
            "  public static int result;",
            "  public static GoRunnable body() {",
            "    return () -> { Job j = new Doubler(); result = j.work(20) + j.work(1); };",
            "  }",
            "  static int plain() { return new Doubler().work(3); }",   // line 8
            "}");

    @Test
    void compilesWithChecksAndIndexThenRunsUnderTheAgent(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/demo");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Job.java"), JOB);
        Files.writeString(src.resolve("Doubler.java"), DOUBLER);
        Files.writeString(src.resolve("Main.java"), MAIN);
        Path out = dir.resolve("classes");
        Files.createDirectories(out);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        List<Path> files = List.of(src.resolve("Job.java"), src.resolve("Doubler.java"),
                src.resolve("Main.java"));
        boolean ok = javac.getTask(null, null, diags, List.of("-cp",
                System.getProperty("java.class.path"), "-d", out.toString()), null,
                javac.getStandardFileManager(null, null, null)
                        .getJavaFileObjectsFromPaths(files)).call();
        assertTrue(ok, diags.getDiagnostics().toString());

        // the check: a call to a parking method from a plain method, on its line
        List<String> warnings = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.WARNING) {
                warnings.add(d.getLineNumber() + ":" + d.getMessage(Locale.ROOT));
            }
        }
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("8:")
                && w.contains("[GoroutineCallFromPlainMethod]")), warnings.toString());

        // the index: the annotated interface method and its implementation
        String index = Files.readString(out.resolve("META-INF/golib/suspendables"));
        assertTrue(index.contains("demo/Job work (I)I"), index);
        assertTrue(index.contains("demo/Doubler work (I)I"), index);

        // run: the agent rewrites the classes as this loader defines them
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> main = loader.loadClass("demo.Main");
            GoRunnable body = (GoRunnable) main.getMethod("body").invoke(null);
            Continuation c = new Continuation(body);
            int parks = 0;
            while (!c.run()) {
                parks++;
            }
            assertEquals(null, c.failure());
            assertEquals(2, parks);
            assertEquals(42, main.getField("result").getInt(null));
        }
    }
}
