package io.golib.processor;

import static io.golib.processor.Compiles.assertNotReported;
import static io.golib.processor.Compiles.assertReported;
import static io.golib.processor.Compiles.compile;
import static io.golib.processor.Compiles.src;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import io.golib.processor.Compiles.Src;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/** {@code [GoroutineCallInConstructor]}: a park during construction or class initialization. */
class CallInConstructorTest {
    static final String TAG = "GoroutineCallInConstructor";

    static final Src CONN = src("demo.Conn", String.join("\n",
            "package demo;",
            "",
            "import io.golib.GoRunnable;",
            "import io.golib.Goroutine;",
            "",
            "class Conn {",
            "    @Goroutine static int dial() { return 1; }",
            "",
            "    static final int SHARED = dial(); //static-field",
            "    static {",
            "        dial(); //static-block",
            "    }",
            "    final int fd = dial(); //instance-field",
            "    {",
            "        dial(); //instance-block",
            "    }",
            "",
            "    Conn() {",
            "        dial(); //constructor",
            "    }",
            "",
            "    Conn(java.util.List<String> l) {",
            "        l.forEach(x -> dial()); //constructor-lambda",
            "    }",
            "",
            "    final GoRunnable later = () -> dial(); //golib-field-lambda",
            "",
            "    Conn(int fd) {",
            "        GoRunnable r = () -> dial(); //golib-ctor-lambda",
            "    }",
            "",
            "    @Goroutine",
            "    static Conn open() {",
            "        dial(); //factory",
            "        return new Conn(3);",
            "    }",
            "}",
            ""));

    @Test
    void warnsOnParkInConstructor() {
        Compilation c = compile(CONN);
        assertReported(c, Diagnostic.Kind.WARNING, TAG, CONN, "//constructor",
                "Conn.dial() may park", "in the constructor Conn()",
                "a constructor cannot be resumed", "blocks its thread instead of parking",
                "Fix: move the call to a @Goroutine factory method");
        assertReported(c, Diagnostic.Kind.WARNING, TAG, CONN, "//constructor-lambda",
                "in a lambda passed as Consumer", "in the constructor Conn(List)");
    }

    @Test
    void warnsOnParkInInitializers() {
        Compilation c = compile(CONN);
        assertReported(c, Diagnostic.Kind.WARNING, TAG, CONN, "//static-field",
                "in a static initializer", "class initialization cannot be resumed",
                "Fix: move the call out of class initialization");
        assertReported(c, Diagnostic.Kind.WARNING, TAG, CONN, "//static-block",
                "in a static initializer");
        assertReported(c, Diagnostic.Kind.WARNING, TAG, CONN, "//instance-field",
                "in an instance initializer", "a constructor cannot be resumed");
        assertReported(c, Diagnostic.Kind.WARNING, TAG, CONN, "//instance-block",
                "in an instance initializer");
    }

    @Test
    void silentInGolibLambdasBuiltDuringConstructionAndInFactories() {
        Compilation c = compile(CONN);
        for (String marker : List.of("//golib-field-lambda", "//golib-ctor-lambda", "//factory")) {
            assertNotReported(c, TAG, CONN, marker);
        }
        assertEquals(6, Compiles.tagged(c, TAG).size(), c.diagnostics().toString());
        Compiles.assertNone(c, CallFromPlainMethodTest.TAG);
    }

    @Test
    void strictMakesItAnError() {
        Compilation c = compile(List.of("-Agolib.strict=true"), CONN);
        com.google.testing.compile.CompilationSubject.assertThat(c).failed();
        assertReported(c, Diagnostic.Kind.ERROR, TAG, CONN, "//constructor");
    }
}
