package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.agent.ClassSource;
import io.golib.agent.Problem;
import io.golib.agent.Transformer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Every class of the construct tests, rewritten by the transformer directly (as the Maven plugin
 * would), passes ASM's verifier ({@link CheckClassAdapter#verify}: structure, then a data-flow
 * analysis of every method with a SimpleVerifier) and the JVM's own verifier (defined in a fresh
 * loader and initialized, which links and verifies every method). The class files on disk are
 * javac's output; the agent only rewrites them in memory, so they are the transformer's input.
 *
 * <p>The agent artifact on the class path is shaded (its ASM is io.golib.agent.shaded.asm); the
 * Transformer API uses only JDK types, and the verifier here is the unshaded ASM of asm-util.
 */
class RewrittenClassesVerifyTest {

    /** Class files under test: the construct tests, their support package, the default package. */
    static Map<String, byte[]> inputs;
    /** Rewritten class files of those that changed, by binary name. */
    static Map<String, byte[]> rewritten;
    static Map<String, List<Problem>> problems;

    @BeforeAll
    static void rewriteAll() throws IOException, URISyntaxException {
        Path root = Path.of(RewrittenClassesVerifyTest.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        inputs = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("io/golib/tests/constructs", "io/golib/tests/support")) {
            try (Stream<Path> s = Files.walk(root.resolve(dir))) {
                files.addAll(s.filter(p -> p.toString().endsWith(".class")).sorted()
                        .collect(Collectors.toList()));
            }
        }
        files.add(root.resolve("DefaultPackageConstructTest.class"));
        for (Path p : files) {
            String name = root.relativize(p).toString().replace('\\', '/');
            name = name.substring(0, name.length() - ".class".length()).replace('/', '.');
            inputs.put(name, Files.readAllBytes(p));
        }
        ClassLoader loader = RewrittenClassesVerifyTest.class.getClassLoader();
        Transformer transformer = new Transformer(ClassSource.of(loader));
        rewritten = new LinkedHashMap<>();
        problems = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
            Transformer.Result r = transformer.transform(e.getValue());
            if (r.changed()) {
                rewritten.put(e.getKey(), r.bytes());
            }
            if (!r.problems().isEmpty()) {
                problems.put(e.getKey(), r.problems());
            }
        }
    }

    @Test
    void classesWereRewritten() {
        assertTrue(inputs.size() > 40, "found the test classes: " + inputs.keySet());
        assertTrue(rewritten.size() > 0, "no class changed: is the transformer doing anything?");
        for (String must : List.of(LoopsTest.class.getName(), "io.golib.tests.support.Park",
                "DefaultPackageConstructTest", DispatchTest.class.getName() + "$Doubler")) {
            assertTrue(rewritten.containsKey(must), must + " should have been rewritten");
        }
        assertFalse(rewritten.containsKey("io.golib.tests.support.Trace"),
                "Trace has nothing suspendable and must come back unchanged");
    }

    @Test
    void everyRewrittenClassPassesAsmVerifier() {
        ClassLoader loader = RewrittenClassesVerifyTest.class.getClassLoader();
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<String, byte[]> e : rewritten.entrySet()) {
            StringWriter out = new StringWriter();
            try (PrintWriter pw = new PrintWriter(out)) {
                CheckClassAdapter.verify(new ClassReader(e.getValue()), loader, false, pw);
            } catch (RuntimeException x) {   // CheckClassAdapter's structural checks throw
                x.printStackTrace(new PrintWriter(out, true));
            }
            if (out.getBuffer().length() > 0) {
                failures.append("=== ").append(e.getKey()).append('\n').append(out).append('\n');
            }
        }
        assertEquals("", failures.toString(), "ASM verifier errors in rewritten classes");
    }

    @Test
    void noProblemsReported() {
        assertEquals(Map.of(), problems, "the transformer refused something in these classes");
    }

    @Test
    void rewritingIsIdempotent() {
        ClassLoader loader = RewrittenClassesVerifyTest.class.getClassLoader();
        Transformer transformer = new Transformer(ClassSource.of(loader));
        for (Map.Entry<String, byte[]> e : rewritten.entrySet()) {
            assertTrue(Transformer.isInstrumented(e.getValue()), e.getKey() + ": marked");
            assertFalse(transformer.transform(e.getValue()).changed(),
                    e.getKey() + ": rewriting a rewritten class changes nothing");
        }
        for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
            assertFalse(Transformer.isInstrumented(e.getValue()),
                    e.getKey() + ": javac's output is not marked");
        }
    }

    /**
     * The JVM verifier: define every rewritten class (and the unchanged ones beside them) in a
     * fresh loader and initialize it, which links and verifies all its methods. The agent sees
     * these definitions too and leaves the already marked ones alone.
     */
    @Test
    void everyRewrittenClassPassesJvmVerifier() throws Exception {
        ClassLoader parent = RewrittenClassesVerifyTest.class.getClassLoader();
        Map<String, byte[]> defs = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
            defs.put(e.getKey(), rewritten.getOrDefault(e.getKey(), e.getValue()));
        }
        ClassLoader fresh = new ClassLoader("verify", parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve)
                    throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    byte[] b = defs.get(name);
                    if (b == null) {
                        return super.loadClass(name, resolve);
                    }
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        c = defineClass(name, b, 0, b.length);
                    }
                    return c;
                }
            }
        };
        StringBuilder failures = new StringBuilder();
        for (String name : rewritten.keySet()) {
            try {
                Class.forName(name, true, fresh);
            } catch (VerifyError | ClassFormatError | NoClassDefFoundError
                    | ExceptionInInitializerError x) {
                failures.append(name).append(": ").append(x).append('\n');
            }
        }
        assertEquals("", failures.toString(), "JVM verifier errors in rewritten classes");
    }
}
