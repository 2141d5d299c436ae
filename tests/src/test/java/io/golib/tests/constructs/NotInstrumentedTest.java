package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.GoRunnable;
import io.golib.runtime.stack.Continuation;
import io.golib.runtime.stack.Instrumented;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import org.junit.jupiter.api.Test;

/**
 * The "not instrumented" error: a body whose class was not rewritten must fail fast in
 * {@code new Continuation(body)} with a message that names the fix (-javaagent, the Maven
 * plugin), instead of silently blocking its carrier at every park (Quasar users' most common
 * trouble: quasar#72, #89). Under the agent every normally loaded class is rewritten, so the
 * unrewritten class is made by defining {@link UninstrumentedBody}'s bytes as a hidden class,
 * which the agent never sees.
 */
class NotInstrumentedTest {

    @Test
    void bodyOfUnrewrittenClassIsRefusedWithTheFix() throws Throwable {
        byte[] bytes;
        try (InputStream in = NotInstrumentedTest.class.getResourceAsStream(
                "UninstrumentedBody.class")) {
            assertNotNull(in, "class file of UninstrumentedBody");
            bytes = in.readAllBytes();
        }
        MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
        Class<?> type = hidden.lookupClass();
        assertTrue(type.isHidden(), "precondition: a hidden class");
        assertFalse(type.isAnnotationPresent(Instrumented.class),
                "precondition: the agent did not see the hidden class");
        GoRunnable body = (GoRunnable) hidden.findConstructor(type,
                java.lang.invoke.MethodType.methodType(void.class)).invoke();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Continuation(body), "new Continuation(unrewritten body)");
        String m = e.getMessage();
        assertTrue(m.contains(type.getName()), "the message names the class: " + m);
        assertTrue(m.contains("-javaagent"), "the message names the agent: " + m);
        assertTrue(m.contains("golib-maven-plugin"), "the message names the Maven plugin: " + m);
    }

    /** The check passes for an ordinary rewritten body (a lambda: its hidden class's host). */
    @Test
    void rewrittenLambdaBodyIsAccepted() {
        GoRunnable body = () -> Continuation.yieldNow();
        assertTrue(body.getClass().isHidden(), "precondition: a lambda's class is hidden");
        Continuation c = new Continuation(body);
        assertFalse(c.run(), "the rewritten lambda parks");
        assertTrue(c.run(), "and ends when resumed");
    }
}
