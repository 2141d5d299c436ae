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

/**
 * {@code [GoroutineOverrideWithoutAnnotation]} and {@code [GoroutineOverrideAddsAnnotation]}:
 * overrides whose annotation disagrees with the method they override.
 */
class OverrideAnnotationTest {
    static final String DROPS = "GoroutineOverrideWithoutAnnotation";
    static final String ADDS = "GoroutineOverrideAddsAnnotation";

    static final Src SHAPES = src("demo.Shapes", String.join("\n",
            "package demo;",
            "",
            "import io.golib.GoCallable;",
            "import io.golib.GoRunnable;",
            "import io.golib.Goroutine;",
            "",
            "class Shapes {",
            "    interface Store {",
            "        @Goroutine String get(String key);",
            "        @Goroutine void put(String key, String value);",
            "        String name();",
            "    }",
            "",
            "    static class MemStore implements Store {",
            "        public String get(String key) { return key; } //drops",
            "        @Goroutine public void put(String key, String value) {} //keeps",
            "        @Goroutine public String name() { return \"mem\"; } //adds",
            "    }",
            "",
            "    static class Base { @Goroutine void step() {} void plain() {} }",
            "    static class Derived extends Base {",
            "        @Override void step() {} //drops-class",
            "        @Override void plain() {} //plain-override",
            "    }",
            "",
            "    static class Job implements GoRunnable {",
            "        public void run() {} //golib-interface",
            "    }",
            "    static class Answer implements GoCallable<Integer> {",
            "        public Integer call() { return 42; } //golib-callable",
            "    }",
            "    /** A user's one-method interface whose method is @Goroutine: a golib functional interface. */",
            "    interface Fetcher { @Goroutine String fetch(); }",
            "    static class Remote implements Fetcher {",
            "        public String fetch() { return \"\"; } //golib-user-interface",
            "    }",
            "",
            "    static Runnable task() {",
            "        return new Runnable() {",
            "            @Goroutine public void run() {} //adds-jdk",
            "        };",
            "    }",
            "",
            "    static class Mutex implements java.util.concurrent.locks.Lock {",
            "        @SuppressWarnings(\"golib\") @Goroutine public void lock() {} //adds-suppressed",
            "        public void lockInterruptibly() {}",
            "        public boolean tryLock() { return true; }",
            "        public boolean tryLock(long t, java.util.concurrent.TimeUnit u) { return true; }",
            "        public void unlock() {}",
            "        public java.util.concurrent.locks.Condition newCondition() { return null; }",
            "    }",
            "",
            "    @Goroutine static void fresh() {} //not-an-override",
            "}",
            ""));

    @Test
    void warnsWhenAnOverrideDropsGoroutine() {
        Compilation c = compile(SHAPES);
        assertReported(c, Diagnostic.Kind.WARNING, DROPS, SHAPES, "//drops",
                "Shapes.MemStore.get(String) overrides @Goroutine Shapes.Store.get(String)",
                "without the annotation", "it is still suspendable",
                "Fix: annotate Shapes.MemStore.get(String) with @Goroutine");
        assertReported(c, Diagnostic.Kind.WARNING, DROPS, SHAPES, "//drops-class",
                "overrides @Goroutine Shapes.Base.step()");
    }

    @Test
    void golibFunctionalInterfaceImplementationsNeedNoAnnotation() {
        Compilation c = compile(SHAPES);
        for (String marker : List.of("//golib-interface", "//golib-callable",
                "//golib-user-interface", "//keeps", "//plain-override")) {
            assertNotReported(c, DROPS, SHAPES, marker);
        }
        assertEquals(2, Compiles.tagged(c, DROPS).size(), c.diagnostics().toString());
    }

    @Test
    void warnsWhenAnOverrideAddsGoroutine() {
        Compilation c = compile(SHAPES);
        assertReported(c, Diagnostic.Kind.WARNING, ADDS, SHAPES, "//adds",
                "Shapes.MemStore.name() is @Goroutine but overrides Shapes.Store.name()",
                "callers through Shapes.Store.name() cannot know it may park",
                "pins its carrier", "Fix: annotate Shapes.Store.name() with @Goroutine");
        assertReported(c, Diagnostic.Kind.WARNING, ADDS, SHAPES, "//adds-jdk",
                "overrides Runnable.run()", "GoRunnable rather than Runnable");
    }

    @Test
    void silentForMatchingAnnotationsNewMethodsAndSuppressedOverrides() {
        Compilation c = compile(SHAPES);
        for (String marker : List.of("//keeps", "//not-an-override", "//adds-suppressed")) {
            assertNotReported(c, ADDS, SHAPES, marker);
        }
        assertEquals(2, Compiles.tagged(c, ADDS).size(), c.diagnostics().toString());
    }

    @Test
    void strictLeavesOverrideChecksAsWarnings() {
        Compilation c = compile(List.of("-Agolib.strict=true"), SHAPES);
        com.google.testing.compile.CompilationSubject.assertThat(c).succeeded();
        assertReported(c, Diagnostic.Kind.WARNING, ADDS, SHAPES, "//adds");
        assertReported(c, Diagnostic.Kind.WARNING, DROPS, SHAPES, "//drops");
    }

    @Test
    void noOverrideDiagnosticsWithoutOverrides() {
        Src s = src("demo.Lone", String.join("\n",
                "package demo;",
                "class Lone { @io.golib.Goroutine void m() {} public String toString() { return \"\"; } }",
                ""));
        Compilation c = compile(s);
        assertNone(c, ADDS);
        assertNone(c, DROPS);
    }
}
