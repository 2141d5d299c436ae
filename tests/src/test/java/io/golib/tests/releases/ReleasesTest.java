package io.golib.tests.releases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.agent.ClassSource;
import io.golib.agent.Transformer;
import io.golib.runtime.stack.Continuation;

import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * User code compiled for every release from 8 to the running JDK passes through the transformer
 * and parks correctly: each release's source uses that release's constructs around a park
 * (invokedynamic string concatenation from 9, nestmates from 11, records, sealed types and text
 * blocks from 17, pattern-matching switches and record patterns from 21). Classes are compiled
 * with {@code javac --release N}, rewritten by {@link Transformer}, defined in a fresh loader and
 * run; each body parks a known number of times.
 */
class ReleasesTest {

    static Stream<Integer> releases() {
        int newest = Runtime.version().feature();
        List<Integer> out = new ArrayList<>();
        for (int r : new int[] {8, 9, 11, 17, 21, 25}) {
            if (r <= newest) {
                out.add(r);
            }
        }
        return out.stream();
    }

    private static final String COMMON = String.join("\n",
            "import io.golib.Goroutine;",
            "import io.golib.runtime.stack.Continuation;",
            "import java.util.function.Supplier;",
            "public class Probe {",
            "  public static String out = \"\";",
            "  @Goroutine static int twice(int x) { Continuation.park(); return 2 * x; }",
            "  @Goroutine static String tag(String s, long n) { Continuation.park(); return s + n; }",
            "  public static Object body() { return (io.golib.GoRunnable) Probe::run; }",
            "  @Goroutine static void run() {",
            "    int a = twice(3);",
            "    String s = \"a=\" + a + \",t=\" + tag(\"x\", 7L) + \",\" + EXTRA();",
            "    out = s;",
            "  }",
            "");

    private static String source(int release) {
        StringBuilder extra = new StringBuilder();
        StringBuilder types = new StringBuilder();
        if (release >= 17) {
            types.append("record Point(int x, int y) {}\n");
            types.append("sealed interface Shape permits Sq, Circle {}\n");
            types.append("record Sq(int side) implements Shape {}\n");
            types.append("record Circle(int r) implements Shape {}\n");
        }
        if (release >= 21) {
            extra.append("  @Goroutine static String EXTRA() {\n"
                    + "    Shape s = twice(2) > 3 ? new Sq(twice(5)) : new Circle(1);\n"
                    + "    String d = switch (s) {\n"
                    + "      case Sq(int side) when side > 5 -> \"big\" + twice(side);\n"
                    + "      case Sq q -> \"sq\";\n"
                    + "      case Circle c -> \"c\";\n"
                    + "    };\n"
                    + "    Point p = new Point(twice(1), 4);\n"
                    + "    return d + \"\"\"\n       |p\"\"\" + p.x() + p.y();\n"
                    + "  }\n");
        } else if (release >= 17) {
            extra.append("  @Goroutine static String EXTRA() {\n"
                    + "    Point p = new Point(twice(1), twice(2));\n"
                    + "    Shape s = new Sq(p.y());\n"
                    + "    int side = s instanceof Sq q ? q.side() : -1;\n"
                    + "    return \"\"\"\n       r\"\"\" + p.x() + side;\n"
                    + "  }\n");
        } else if (release >= 11) {
            extra.append("  private int secret = 5;\n"
                    + "  class Inner { @Goroutine int peek() { Continuation.park(); return secret; } }\n"
                    + "  @Goroutine static String EXTRA() {\n"
                    + "    var inner = new Probe().new Inner();\n"
                    + "    return \"n\" + inner.peek();\n"
                    + "  }\n");
        } else {
            extra.append("  @Goroutine static String EXTRA() {\n"
                    + "    Supplier<String> s = () -> \"l\";\n"
                    + "    return s.get() + twice(4);\n"
                    + "  }\n");
        }
        return COMMON + extra + "}\n" + types;
    }

    /** What each release's body writes, and how many times it parks. */
    private static final Map<Integer, Object[]> EXPECTED = new HashMap<>();

    static {
        EXPECTED.put(8, new Object[] {"a=6,t=x7,l8", 3});
        EXPECTED.put(9, new Object[] {"a=6,t=x7,l8", 3});
        EXPECTED.put(11, new Object[] {"a=6,t=x7,n5", 3});
        EXPECTED.put(17, new Object[] {"a=6,t=x7,r24", 4});
        EXPECTED.put(21, new Object[] {"a=6,t=x7,big20|p24", 6});
        EXPECTED.put(25, new Object[] {"a=6,t=x7,big20|p24", 6});
    }

    @ParameterizedTest(name = "--release {0}")
    @MethodSource("releases")
    void compiledForReleaseParksAndResumes(int release, @TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/Probe.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source(release));
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter log = new StringWriter();
        boolean ok = javac.getTask(log, null, null, List.of("--release", String.valueOf(release),
                "-g", "-Xlint:-options", "-cp", System.getProperty("java.class.path"), "-d",
                out.toString()), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(src.toFile()))
                .call();
        assertTrue(ok, "release " + release + ": " + log);

        List<Path> cp = new ArrayList<>(List.of(out));
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            cp.add(Path.of(e));
        }
        Transformer t = new Transformer(ClassSource.of(cp));
        Map<String, byte[]> rewritten = new HashMap<>();
        int changed = 0;
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                byte[] bytes = Files.readAllBytes(f);
                Transformer.Result r = t.transform(bytes);
                assertTrue(r.problems().isEmpty(), "release " + release + ": " + r.problems());
                String name = out.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                rewritten.put(name, r.changed() ? r.bytes() : bytes);
                changed += r.changed() ? 1 : 0;
            }
        }
        assertTrue(changed >= 1, "release " + release + ": nothing rewritten");

        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null && rewritten.containsKey(name)) {
                        byte[] b = rewritten.get(name);
                        c = defineClass(name, b, 0, b.length);
                    }
                    return c != null ? c : super.loadClass(name, resolve);
                }
            }
        };
        Class<?> probe = loader.loadClass("Probe");
        Method body = probe.getMethod("body");
        Continuation c = new Continuation((io.golib.GoRunnable) body.invoke(null));
        int parks = 0;
        while (!c.run()) {
            parks++;
        }
        assertEquals(null, c.failure(), "release " + release);
        Object[] want = EXPECTED.get(release);
        assertEquals(want[0], probe.getField("out").get(null), "release " + release);
        assertEquals(want[1], parks, "release " + release + ": parks");
    }

}
