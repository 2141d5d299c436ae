package it;

import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;

/**
 * Run with plain java after golib-maven-plugin rewrote this class: a lambda body parks twice
 * directly and once inside a named {@code @Goroutine} method, keeping its locals across each park.
 * Prints the number of parks and the result; exits 1 if either is wrong.
 */
public final class Main {
    private Main() {}

    /** Parks once between two steps; {@code a} must survive the park. */
    @Goroutine
    static int twice(int x) throws Exception {
        int a = x + 1;
        Continuation.park();
        return a * 2;
    }

    public static void main(String[] args) {
        int[] out = new int[1];
        GoRunnable body = () -> {
            int acc = 1;
            Continuation.park();
            acc += 10;
            Continuation.park();
            acc += twice(acc);   // 11 + (11 + 1) * 2
            out[0] = acc;
        };
        Continuation c = new Continuation(body);
        int parks = 0;
        while (!c.run()) {
            parks++;
        }
        if (c.failure() != null) {
            throw new AssertionError("body failed", c.failure());
        }
        System.out.println("golib-it parks=" + parks + " result=" + out[0]);
        if (parks != 3 || out[0] != 35) {
            System.exit(1);
        }
    }
}
