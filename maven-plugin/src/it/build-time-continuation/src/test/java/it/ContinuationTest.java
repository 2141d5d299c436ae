package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.runtime.stack.Continuation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs under surefire with no agent: only instrument-tests can have made this lambda resumable. */
class ContinuationTest {
    @Test
    void testClassLambdaParksAndResumes() {
        List<String> steps = new ArrayList<>();
        Continuation c = new Continuation(() -> {
            steps.add("before");
            Continuation.park();
            steps.add("after");
        });
        assertFalse(c.run(), "first run must stop at the park");
        assertEquals(List.of("before"), steps);
        assertTrue(c.run(), "second run must finish the body");
        assertEquals(List.of("before", "after"), steps);
        assertNull(c.failure());
    }

    @Test
    void mainClassMethodParksWhenCalledFromATest() throws Exception {
        int[] out = new int[1];
        Continuation c = new Continuation(() -> {
            out[0] = Main.twice(4);
        });
        assertFalse(c.run(), "Main.twice must park (rewritten by instrument)");
        assertTrue(c.run());
        assertEquals(10, out[0]);
    }
}
