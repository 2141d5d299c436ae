package it;

import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;

/**
 * Run with plain java after golib-maven-plugin rewrote this class: a lambda body parks twice
 * directly, once inside a {@code @Goroutine} method and once inside a method that only the
 * processor's index (src/main/resources/META-INF/golib/suspendables) declares suspendable, keeping
 * its locals across each park. Prints the number of parks and the result; exits 1 if either is
 * wrong, 2 if the body never finishes (a frame that was not rewritten pins the thread forever).
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

    /** Suspendable only through the index. */
    static int viaIndex(int x) throws Exception {
        int b = x * 3;
        Continuation.park();
        return b;
    }

    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("golib-it hung: a park pinned its thread (a frame was not rewritten)");
            System.exit(2);
        });
        watchdog.setDaemon(true);
        watchdog.start();

        int[] out = new int[1];
        GoRunnable body = () -> {
            int acc = 1;
            Continuation.park();
            acc += 10;
            Continuation.park();
            acc += twice(acc);     // 11 + (11 + 1) * 2 = 35
            acc += viaIndex(acc);  // 35 + 35 * 3 = 140
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
        if (parks != 4 || out[0] != 140) {
            System.exit(1);
        }
    }
}
