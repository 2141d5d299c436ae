package io.golib.processor;

import static io.golib.processor.Compiles.assertNone;
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

/** {@code [GoroutineCallFromPlainMethod]}: a parking call from a method that cannot park. */
class CallFromPlainMethodTest {
    static final String TAG = "GoroutineCallFromPlainMethod";

    static final Src WORKER = src("demo.Worker", String.join("\n",
            "package demo;",
            "",
            "import io.golib.GoCallable;",
            "import io.golib.GoRunnable;",
            "import io.golib.Goroutine;",
            "import io.golib.runtime.stack.Continuation;",
            "import java.util.List;",
            "",
            "public class Worker {",
            "    @Goroutine",
            "    static int fetch(String key) { Continuation.park(); return 1; } //parking-method",
            "",
            "    static void plain() {",
            "        fetch(\"a\"); //plain-call",
            "    }",
            "",
            "    static void plainRunsBody(GoRunnable r) throws Exception {",
            "        r.run(); //plain-runs-body",
            "    }",
            "",
            "    static void plainForEach(List<String> keys) {",
            "        keys.forEach(k -> fetch(k)); //plain-foreach",
            "    }",
            "",
            "    static void plainThread() {",
            "        new Thread(() -> fetch(\"t\")).start(); //plain-thread",
            "    }",
            "",
            "    static void plainYield() {",
            "        Continuation.yieldNow(); //plain-yield",
            "    }",
            "",
            "    @Goroutine",
            "    static int annotated() { return fetch(\"b\"); } //annotated",
            "",
            "    static GoRunnable lambda() {",
            "        return () -> fetch(\"c\"); //golib-lambda",
            "    }",
            "",
            "    static GoCallable<Integer> callable() {",
            "        return () -> { return fetch(\"d\"); }; //golib-callable",
            "    }",
            "",
            "    static GoRunnable anonymous() {",
            "        return new GoRunnable() {",
            "            public void run() { fetch(\"e\"); } //anonymous-body",
            "        };",
            "    }",
            "",
            "    static class Task implements GoRunnable {",
            "        public void run() { fetch(\"f\"); } //named-body",
            "    }",
            "",
            "    static void plainNotParking() {",
            "        String.valueOf(1); //not-parking",
            "        new Continuation(() -> fetch(\"g\")).run(); //continuation-run",
            "    }",
            "",
            "    static void nestedGolibLambdaInForeign(List<String> keys) {",
            "        keys.forEach(k -> new Continuation(() -> fetch(k)).run()); //nested",
            "    }",
            "}",
            ""));

    @Test
    void warnsOnParkingCallFromPlainMethod() {
        Compilation c = compile(WORKER);
        assertReported(c, Diagnostic.Kind.WARNING, TAG, WORKER, "//plain-call",
                "Worker.fetch(String) may park", "from Worker.plain()",
                "blocks its thread instead of parking",
                "Fix: annotate Worker.plain() with @Goroutine");
    }

    @Test
    void continuationParkAndYieldAreParkingOperations() {
        Compilation c = compile(WORKER);
        assertReported(c, Diagnostic.Kind.WARNING, TAG, WORKER, "//plain-yield",
                "Continuation.yieldNow() may park", "from Worker.plainYield()");
    }

    @Test
    void callingAGolibFunctionalInterfaceIsAParkingCall() {
        Compilation c = compile(WORKER);
        assertReported(c, Diagnostic.Kind.WARNING, TAG, WORKER, "//plain-runs-body",
                "GoRunnable.run() may park", "from Worker.plainRunsBody(GoRunnable)");
    }

    @Test
    void aForeignLambdaInAPlainMethodIsReportedAsThePlainMethod() {
        // The root cause is the plain method: nothing around the lambda could park anyway.
        Compilation c = compile(WORKER);
        assertReported(c, Diagnostic.Kind.WARNING, TAG, WORKER, "//plain-foreach",
                "in a lambda passed as Consumer", "from Worker.plainForEach(List)",
                "use a plain loop");
        assertNotReported(c, CallInForeignLambdaTest.TAG, WORKER, "//plain-foreach");
    }

    /**
     * A lambda run by JDK code on a plain thread: annotating the enclosing method would not help,
     * and blocking that thread may be the point, so the fix says how to say so.
     */
    @Test
    void aLambdaForAPlainThreadIsToldHowToSaySo() {
        Compilation c = compile(WORKER);
        assertReported(c, Diagnostic.Kind.WARNING, TAG, WORKER, "//plain-thread",
                "in a lambda passed as Runnable", "from Worker.plainThread()",
                "blocking that thread is what you want",
                "@SuppressWarnings(\"golib\") on Worker.plainThread()");
    }

    @Test
    void silentWhereTheCallCanPark() {
        Compilation c = compile(WORKER);
        for (String marker : List.of("//parking-method", "//annotated", "//golib-lambda",
                "//golib-callable", "//anonymous-body", "//named-body", "//not-parking",
                "//continuation-run", "//nested")) {
            assertNotReported(c, TAG, WORKER, marker);
        }
        // the plain call, the yield, the body run, the forEach and the thread lambda
        assertEquals(5, Compiles.tagged(c, TAG).size(), c.diagnostics().toString());
    }

    @Test
    void strictMakesItAnError() {
        Compilation c = compile(List.of("-Agolib.strict=true"), WORKER);
        com.google.testing.compile.CompilationSubject.assertThat(c).failed();
        assertReported(c, Diagnostic.Kind.ERROR, TAG, WORKER, "//plain-call",
                "blocks its thread instead of parking");
        // the plain call, the yield, the body run, the forEach and the thread lambda
        assertEquals(5, Compiles.tagged(c, TAG).size(), c.diagnostics().toString());
    }

    @Test
    void strictFalseKeepsWarnings() {
        Compilation c = compile(List.of("-Agolib.strict=false"), WORKER);
        com.google.testing.compile.CompilationSubject.assertThat(c).succeeded();
        assertReported(c, Diagnostic.Kind.WARNING, TAG, WORKER, "//plain-call");
    }

    @Test
    void suppressWarningsGolibSilencesTheWarningButNotTheStrictError() {
        Src s = src("demo.Quiet", String.join("\n",
                "package demo;",
                "import io.golib.runtime.stack.Continuation;",
                "class Quiet {",
                "    @SuppressWarnings(\"golib\")",
                "    static void legacy() { Continuation.park(); } //suppressed",
                "    @SuppressWarnings(\"unchecked\")",
                "    static void other() { Continuation.park(); } //other-suppression",
                "}",
                ""));
        Compilation c = compile(s);
        assertNotReported(c, TAG, s, "//suppressed");
        assertReported(c, Diagnostic.Kind.WARNING, TAG, s, "//other-suppression");
        Compilation strict = compile(List.of("-Agolib.strict=true"), s);
        assertReported(strict, Diagnostic.Kind.ERROR, TAG, s, "//suppressed");
    }

    @Test
    void theContinuationDriverIsNotCheckedButTheSameCallElsewhereIs() {
        // io.golib.runtime.stack is never rewritten: a body entered there is the root of a
        // continuation, and its park unwinds back to the driver instead of blocking the thread.
        String body = String.join("\n",
                "import io.golib.GoRunnable;",
                "public class Driver {",
                "    static void enter(GoRunnable body) throws Exception {",
                "        body.run(); //enter",
                "    }",
                "    interface Store { @io.golib.Goroutine String get(); String name(); }",
                "    static class Mem implements Store {",
                "        public String get() { return \"\"; } //drops-annotation",
                "        public String name() { return \"\"; }",
                "    }",
                "}",
                "");
        Src driver = src("io.golib.runtime.stack.Driver", "package io.golib.runtime.stack;\n" + body);
        Src elsewhere = src("demo.Driver", "package demo;\n" + body);
        Compilation c = compile(driver);
        assertNone(c, TAG);
        // Only the call-site checks are skipped there: declarations are still checked.
        assertReported(c, Diagnostic.Kind.WARNING, OverrideAnnotationTest.DROPS, driver,
                "//drops-annotation");
        assertReported(compile(elsewhere), Diagnostic.Kind.WARNING, TAG, elsewhere, "//enter",
                "GoRunnable.run() may park", "from Driver.enter(GoRunnable)");
    }

    @Test
    void aSourceWithoutGolibGetsNoDiagnostic() {
        Src s = src("demo.Plain", String.join("\n",
                "package demo;",
                "class Plain { void m(java.util.List<String> l) { l.forEach(System.out::println); } }",
                ""));
        Compilation c = compile(s);
        com.google.testing.compile.CompilationSubject.assertThat(c).succeededWithoutWarnings();
        assertNone(c, TAG);
    }
}
