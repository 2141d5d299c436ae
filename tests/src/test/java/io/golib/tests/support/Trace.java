package io.golib.tests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ordered record of the values a goroutine body saw, written before and after each park, so a
 * test can assert the exact sequence. {@link Driver} appends {@link #PARK} each time
 * {@code Continuation.run()} returns {@code false}, so the trace also shows where the frames
 * really unwound.
 *
 * <p>Invariant: entries are appended in program order by whichever thread runs the body (one at a
 * time), or by the driver between runs; reads happen after the body ended. Synchronized because a
 * pinned body and a helper thread ({@link Unparker}) may both be involved in one test.
 */
public final class Trace {
    /** The marker the driver appends each time the body unwound (run() returned false). */
    public static final String PARK = "<park>";

    private final List<Object> values = new ArrayList<>();

    /** Appends each value, in order. Boxing keeps the static type: record a {@code byte} as Byte. */
    public synchronized void add(Object... vs) {
        values.addAll(Arrays.asList(vs));
    }

    /** Appends one value and returns it, for use inside expressions. */
    public synchronized <T> T tap(T v) {
        values.add(v);
        return v;
    }

    /** A copy of the values so far. */
    public synchronized List<Object> values() {
        return new ArrayList<>(values);
    }

    /** How many values were recorded so far. */
    public synchronized int size() {
        return values.size();
    }

    /** How many times {@code v} occurs (by equals). */
    public synchronized int count(Object v) {
        int n = 0;
        for (Object o : values) {
            if (v.equals(o)) {
                n++;
            }
        }
        return n;
    }

    /** Asserts the exact sequence; {@code what} names the case (and its parameter) for the message. */
    public void assertIs(String what, Object... expected) {
        assertEquals(Arrays.asList(expected), values(), what + ": trace");
    }

    @Override
    public synchronized String toString() {
        return values.toString();
    }
}
