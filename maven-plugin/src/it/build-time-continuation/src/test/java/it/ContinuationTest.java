package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.runtime.stack.Continuation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs under surefire with no agent: only instrument-tests can have made these lambdas resumable.
 * A frame left unrewritten would pin its thread in park() forever, hence the timeouts.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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
    void mainClassMethodParksWhenCalledFromATest() {
        int[] out = new int[1];
        Continuation c = new Continuation(() -> {
            out[0] = Main.twice(4);
        });
        assertFalse(c.run(), "Main.twice must park (rewritten by instrument)");
        assertTrue(c.run());
        assertNull(c.failure());
        assertEquals(10, out[0]);
    }

    @Test
    void indexedMainMethodParksWhenCalledFromATest() {
        // The call below is a suspension point only if instrument-tests read the index from
        // target/classes, a class path entry of the tests.
        int[] out = new int[1];
        Continuation c = new Continuation(() -> {
            out[0] = Main.viaIndex(2);
        });
        assertFalse(c.run(), "Main.viaIndex must park (suspendable through the index)");
        assertTrue(c.run());
        assertNull(c.failure());
        assertEquals(6, out[0]);
    }
}
