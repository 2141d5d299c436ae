package io.golib.tests.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    static List<String> log = new ArrayList<>();

    @Goroutine
    static int depth2(int x) {
        log.add("before " + x);
        Continuation.park();
        log.add("after " + x);
        return x * 2;
    }

    @Goroutine
    static long depth1(long a, String s) {
        int r = depth2((int) a);
        return a + r + s.length();
    }

    @Test
    void parksAndResumes() {
        log.clear();
        long[] out = new long[1];
        Continuation c = new Continuation(() -> {
            double d = 1.5;
            out[0] = depth1(20, "abc") + (long) d;
        });
        assertFalse(c.run());
        assertEquals(List.of("before 20"), log);
        assertTrue(c.run());
        assertEquals(List.of("before 20", "after 20"), log);
        assertEquals(20 + 40 + 3 + 1, out[0]);
        assertEquals(null, c.failure());
    }
}
