package io.golib.tests.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Goroutine;
import io.golib.agent.ClassSource;
import io.golib.agent.Problem;
import io.golib.agent.Transformer;
import io.golib.runtime.stack.Continuation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the transformer promises as a whole: idempotence, rejections, cheap skips, fail-fast. */
class TransformerContractTest {

    /** A constructor that calls a suspendable method: cannot be resumed, so it is refused. */
    static final class ParksInConstructor {
        final int value;

        ParksInConstructor() {
            value = ContinuationBasicsTest.sq(3); // line checked below
        }
    }

    static final int CONSTRUCTOR_LINE = 30;

    /** Nothing suspendable: must come back untouched. */
    static final class Plain {
        int twice(int x) {
            return 2 * x;
        }
    }

    static final class Suspendable {
        @Goroutine
        int twice(int x) {
            Continuation.yieldNow();
            return 2 * x;
        }
    }

    private static byte[] original(Class<?> c) throws IOException {
        String name = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static Transformer transformer() {
        return new Transformer(ClassSource.of(TransformerContractTest.class.getClassLoader()));
    }

    @Test
    void constructorCallsAreRefusedWithClassMethodLineAndFix() throws IOException {
        Transformer.Result r = transformer().transform(original(ParksInConstructor.class));
        assertEquals(1, r.problems().size(), r.problems().toString());
        Problem p = r.problems().get(0);
        assertEquals(ParksInConstructor.class.getName(), p.className());
        assertTrue(p.method().startsWith("<init>("), p.method());
        assertEquals(CONSTRUCTOR_LINE, p.line());
        assertTrue(p.message().contains("constructor") && p.message().contains("factory"),
                p.message());
    }

    @Test
    void rewritingIsIdempotent() throws IOException {
        Transformer t = transformer();
        Transformer.Result first = t.transform(original(Suspendable.class));
        assertTrue(first.changed());
        assertEquals(1, first.methodsRewritten());
        assertTrue(Transformer.isInstrumented(first.bytes()));
        assertFalse(Transformer.isInstrumented(original(Suspendable.class)));
        Transformer.Result second = t.transform(first.bytes());
        assertFalse(second.changed(), "an instrumented class must be left alone");
    }

    @Test
    void classesWithNothingSuspendableComeBackUntouched() throws IOException {
        Transformer.Result r = transformer().transform(original(Plain.class));
        assertFalse(r.changed());
        assertNull(r.bytes());
        assertTrue(r.problems().isEmpty());
    }

    /** Without the agent (and without build-time rewriting) golib fails fast and names the fix. */
    @Test
    void withoutInstrumentationItFailsFastNamingTheFix() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Process p = new ProcessBuilder(java, "-cp", cp, NoAgentMain.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("-javaagent:") && out.contains("golib-maven-plugin")
                && out.contains(NoAgentMain.class.getName()), out);
    }

    /** Run in a JVM without the agent. */
    public static final class NoAgentMain {
        public static void main(String[] args) {
            try {
                new Continuation(() -> Continuation.park());
                System.out.println("no error");
                System.exit(0);
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }

}
