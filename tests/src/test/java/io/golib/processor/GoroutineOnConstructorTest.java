package io.golib.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.golib.processor.Compiles.assertNone;
import static io.golib.processor.Compiles.assertReported;
import static io.golib.processor.Compiles.compile;
import static io.golib.processor.Compiles.src;

import com.google.testing.compile.Compilation;
import io.golib.processor.Compiles.Src;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * {@code [GoroutineOnConstructor]}.
 *
 * <p>golib's {@code @Goroutine} has {@code @Target(METHOD)}, and javac rejects it on a constructor
 * while entering annotations, an unrecoverable error that stops annotation processing before any
 * processor runs. So with the real annotation the user sees javac's error (tested first); the
 * processor's own check (tested second, against a {@code @Goroutine} whose target admits
 * constructors, as another golib version's or a non-javac compiler's would) says why and what to
 * do instead.
 */
class GoroutineOnConstructorTest {
    static final String TAG = "GoroutineOnConstructor";

    @Test
    void javacRejectsGoroutineOnAConstructor() {
        Src s = src("demo.Made", String.join("\n",
                "package demo;",
                "class Made {",
                "    @io.golib.Goroutine //annotation",
                "    Made() {}",
                "}",
                ""));
        Compilation c = compile(s);
        assertThat(c).hadErrorContaining("not applicable").inFile(s.file).onLine(s.line("//annotation"));
    }

    @Test
    void processorExplainsWhyAndTheFix() {
        Src annotation = src("io.golib.Goroutine", String.join("\n",
                "package io.golib;",
                "import java.lang.annotation.*;",
                "@Retention(RetentionPolicy.RUNTIME)",
                "@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})",
                "public @interface Goroutine {}",
                ""));
        Src s = src("demo.Made", String.join("\n",
                "package demo;",
                "import io.golib.Goroutine;",
                "class Made {",
                "    @Goroutine //annotation",
                "    Made() {}",
                "    static class Inner {",
                "        @Goroutine Inner() {} //inner",
                "        Inner(int x) {} //plain-constructor",
                "        @Goroutine void method() {} //method",
                "    }",
                "}",
                ""));
        Compilation c = compile(annotation, s);
        assertReported(c, Diagnostic.Kind.ERROR, TAG, s, "//annotation",
                "@Goroutine is not allowed on the constructor Made()",
                "an object under construction cannot be resumed",
                "Fix: move the parking work to a @Goroutine static factory method");
        assertReported(c, Diagnostic.Kind.ERROR, TAG, s, "//inner", "constructor Made.Inner()");
        Compiles.assertNotReported(c, TAG, s, "//plain-constructor");
        Compiles.assertNotReported(c, TAG, s, "//method");
    }

    @Test
    void noErrorForAnnotatedMethods() {
        Src s = src("demo.Fine", "package demo;\nclass Fine { @io.golib.Goroutine void m() {} Fine() {} }\n");
        Compilation c = compile(s);
        assertThat(c).succeededWithoutWarnings();
        assertNone(c, TAG);
    }
}
