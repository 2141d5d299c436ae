package io.golib.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.golib.processor.Compiles.compile;
import static io.golib.processor.Compiles.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import io.golib.processor.Compiles.Src;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The index {@code META-INF/golib/suspendables}: which methods it lists, named as class files
 * name them. One golden test for a whole file; the others check a line each, so a failure names
 * the construct.
 */
class IndexTest {
    static final String RESOURCE = "META-INF/golib/suspendables";

    static final Src APP = src("demo.App", String.join("\n",
            "package demo;",
            "",
            "import io.golib.GoCallable;",
            "import io.golib.GoRunnable;",
            "import io.golib.Goroutine;",
            "import java.util.List;",
            "",
            "public class App {",
            "    @Goroutine static void main2(String[] args) {}",
            "    @Goroutine int count(List<String> l, long[][] m, char c) { return 0; }",
            "    void notSuspendable() {}",
            "    static void alsoNot(GoRunnable r) {}",
            "",
            "    interface Store<K> { @Goroutine String get(K key); String name(); }",
            "    static class MemStore implements Store<Integer> {",
            "        public String get(Integer key) { return \"\"; }",
            "        public String name() { return \"\"; }",
            "    }",
            "",
            "    static class Base { @Goroutine <T extends Comparable<T>> T max(T a, T b) { return a; } }",
            "    static class Derived extends Base {",
            "        @Override <T extends Comparable<T>> T max(T a, T b) { return b; }",
            "        class Deep extends Derived { @Override <T extends Comparable<T>> T max(T a, T b) { return a; } }",
            "    }",
            "",
            "    @Goroutine <T extends CharSequence & Runnable> T both(T t) { return t; }",
            "",
            "    static class Answer implements GoCallable<String> { public String call() { return \"\"; } }",
            "",
            "    GoRunnable anonymous() {",
            "        return new GoRunnable() { public void run() {} };",
            "    }",
            "",
            "    GoRunnable local() {",
            "        class Local implements GoRunnable { public void run() {} }",
            "        return new Local();",
            "    }",
            "}",
            ""));

    static String index(Compilation c) {
        Optional<JavaFileObject> f = c.generatedFile(StandardLocation.CLASS_OUTPUT, RESOURCE);
        assertFalse(f.isEmpty(), "no " + RESOURCE + " written: " + c.generatedFiles());
        try {
            return f.get().getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Compilation c) {
        return io.golib.processor.generate.SuspendablesIndexHooks.parse(index(c));
    }

    @Test
    void goldenIndex() {
        Compilation c = compile(APP);
        assertThat(c).succeeded();
        assertEquals(String.join("\n",
                "# golib suspendable methods: <owner> <name> <descriptor> (written by golib-processor)",
                "demo/App both (Ljava/lang/CharSequence;)Ljava/lang/CharSequence;",
                "demo/App count (Ljava/util/List;[[JC)I",
                "demo/App main2 ([Ljava/lang/String;)V",
                "demo/App$1 run ()V",
                "demo/App$1Local run ()V",
                "demo/App$Answer call ()Ljava/lang/Object;",
                "demo/App$Answer call ()Ljava/lang/String;",
                "demo/App$Base max (Ljava/lang/Comparable;Ljava/lang/Comparable;)Ljava/lang/Comparable;",
                "demo/App$Derived max (Ljava/lang/Comparable;Ljava/lang/Comparable;)Ljava/lang/Comparable;",
                "demo/App$Derived$Deep max (Ljava/lang/Comparable;Ljava/lang/Comparable;)Ljava/lang/Comparable;",
                "demo/App$MemStore get (Ljava/lang/Integer;)Ljava/lang/String;",
                "demo/App$MemStore get (Ljava/lang/Object;)Ljava/lang/String;",
                "demo/App$Store get (Ljava/lang/Object;)Ljava/lang/String;",
                ""), index(c));
    }

    @Test
    void listsAnnotatedMethodsWithErasedDescriptors() {
        List<String> lines = lines(compile(APP));
        assertContains(lines, "demo/App count (Ljava/util/List;[[JC)I");
        // An intersection-bounded type variable erases to its leftmost bound (JLS 4.6).
        assertContains(lines, "demo/App both (Ljava/lang/CharSequence;)Ljava/lang/CharSequence;");
        assertFalse(lines.stream().anyMatch(l -> l.contains("notSuspendable") || l.contains("alsoNot")
                || l.contains(" name ")), lines.toString());
    }

    @Test
    void listsImplementationsOfGoroutineInterfaceMethodsWithTheirBridges() {
        List<String> lines = lines(compile(APP));
        assertContains(lines, "demo/App$Store get (Ljava/lang/Object;)Ljava/lang/String;");
        assertContains(lines, "demo/App$MemStore get (Ljava/lang/Integer;)Ljava/lang/String;");
        assertContains(lines, "demo/App$MemStore get (Ljava/lang/Object;)Ljava/lang/String;");
        assertContains(lines, "demo/App$Answer call ()Ljava/lang/String;");
        assertContains(lines, "demo/App$Answer call ()Ljava/lang/Object;");
    }

    @Test
    void listsOverridesOfSuperclassMethodsAtAnyDepthInNestedClasses() {
        List<String> lines = lines(compile(APP));
        String desc = " max (Ljava/lang/Comparable;Ljava/lang/Comparable;)Ljava/lang/Comparable;";
        assertContains(lines, "demo/App$Derived" + desc);
        assertContains(lines, "demo/App$Derived$Deep" + desc);
    }

    @Test
    void listsAnonymousAndLocalGoroutineBodiesByBinaryName() {
        List<String> lines = lines(compile(APP));
        assertContains(lines, "demo/App$1 run ()V");
        assertContains(lines, "demo/App$1Local run ()V");
    }

    @Test
    void listsMethodsOfEveryCompiledFile() {
        Src other = src("other.Peer", "package other;\npublic class Peer { @io.golib.Goroutine public void ping() {} }\n");
        List<String> lines = lines(compile(APP, other));
        assertContains(lines, "other/Peer ping ()V");
        assertContains(lines, "demo/App main2 ([Ljava/lang/String;)V");
    }

    @Test
    void noIndexWithoutSuspendableMethods() {
        Src s = src("demo.Plain", "package demo;\nclass Plain { void m() {} }\n");
        Compilation c = compile(s);
        assertThat(c).succeeded();
        // Reading the previous index through the Filer makes compile-testing's in-memory file
        // manager list an empty output file; a real file manager creates nothing. Either way the
        // processor must not have written a line, not even the header.
        Optional<JavaFileObject> f = c.generatedFile(StandardLocation.CLASS_OUTPUT, RESOURCE);
        String content = f.isEmpty() ? "" : contentOrEmpty(f.get());
        assertEquals("", content);
    }

    private static String contentOrEmpty(JavaFileObject f) {
        try {
            return f.getCharContent(true).toString();
        } catch (IOException | IllegalStateException e) {
            return ""; // never written
        }
    }

    static void assertContains(List<String> lines, String line) {
        if (!lines.contains(line)) {
            throw new AssertionError("index lacks \"" + line + "\": " + lines);
        }
    }
}
