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

/** {@code [GoroutineCallInForeignLambda]}: a park inside a lambda JDK code invokes. */
class CallInForeignLambdaTest {
    static final String TAG = "GoroutineCallInForeignLambda";

    static final Src PIPE = src("demo.Pipe", String.join("\n",
            "package demo;",
            "",
            "import io.golib.GoRunnable;",
            "import io.golib.Goroutine;",
            "import java.util.List;",
            "",
            "class Pipe {",
            "    @Goroutine void send(String v) {}",
            "",
            "    /** A user's own golib functional interface: its method is @Goroutine. */",
            "    interface Handler { @Goroutine void handle(String v); }",
            "    @Goroutine static void each(List<String> l, Handler h) {}",
            "",
            "    @Goroutine",
            "    void forEach(List<String> list) {",
            "        list.forEach(x -> send(x)); //foreach",
            "        list.stream().map(x -> { send(x); return x; }).count(); //stream",
            "        list.forEach(this::send); //method-ref",
            "        Runnable r = () -> send(\"r\"); //runnable",
            "        for (String x : list) send(x); //plain-loop",
            "        GoRunnable g = () -> send(\"g\"); //golib-lambda",
            "        GoRunnable m = () -> list.forEach(x -> send(x)); //foreign-in-golib",
            "        each(list, x -> send(x)); //own-interface",
            "        each(list, this::send); //own-interface-ref",
            "        list.forEach(x -> new Object()); //no-park",
            "    }",
            "}",
            ""));

    @Test
    void warnsOnParkingCallInJdkLambda() {
        Compilation c = compile(PIPE);
        assertReported(c, Diagnostic.Kind.WARNING, TAG, PIPE, "//foreach",
                "Pipe.send(String) may park", "in a lambda passed as Consumer",
                "runs pinned: JDK frames cannot park",
                "Fix: do not call it from a lambda that JDK code invokes: use a plain loop");
        assertReported(c, Diagnostic.Kind.WARNING, TAG, PIPE, "//stream",
                "in a lambda passed as Function");
        assertReported(c, Diagnostic.Kind.WARNING, TAG, PIPE, "//runnable",
                "in a lambda passed as Runnable");
        assertReported(c, Diagnostic.Kind.WARNING, TAG, PIPE, "//foreign-in-golib",
                "in a lambda passed as Consumer");
    }

    @Test
    void warnsOnMethodReferenceToParkingMethod() {
        Compilation c = compile(PIPE);
        assertReported(c, Diagnostic.Kind.WARNING, TAG, PIPE, "//method-ref",
                "in a method reference passed as Consumer", "runs pinned");
    }

    @Test
    void silentForLoopsGolibLambdasAndUserGolibInterfaces() {
        Compilation c = compile(PIPE);
        for (String marker : List.of("//plain-loop", "//golib-lambda", "//own-interface",
                "//own-interface-ref", "//no-park")) {
            assertNotReported(c, TAG, PIPE, marker);
        }
        assertEquals(5, Compiles.tagged(c, TAG).size(), c.diagnostics().toString());
        // The enclosing method can park: nothing here is a plain-method call.
        Compiles.assertNone(c, CallFromPlainMethodTest.TAG);
    }

    @Test
    void strictDoesNotTurnItIntoAnError() {
        Compilation c = compile(List.of("-Agolib.strict=true"), PIPE);
        com.google.testing.compile.CompilationSubject.assertThat(c).succeeded();
        assertReported(c, Diagnostic.Kind.WARNING, TAG, PIPE, "//foreach");
    }
}
