package io.golib.samples;

import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;

/**
 * The continuation compiler at work, before the scheduler: a generator written as a plain loop.
 * {@code fibonacci} parks after each number; {@code main} resumes it for the next. Nothing
 * blocks a thread and nothing is a state machine in the source: golib's transformer rewrites
 * {@code emit} and {@code fibonacci} into resumable methods whose frames (here, {@code a},
 * {@code b} and {@code i}) are saved on the goroutine's heap stack at each park.
 *
 * <p>Run: {@code java -javaagent:agent/target/golib-agent-0.1.0-SNAPSHOT.jar -cp
 * runtime/target/classes:samples/target/classes io.golib.samples.Generator}
 */
public final class Generator {
    private long current;

    @Goroutine
    void emit(long value) {
        current = value;
        Continuation.park();
    }

    @Goroutine
    void fibonacci(int count) {
        long a = 0, b = 1;
        for (int i = 0; i < count; i++) {
            emit(a);
            long next = a + b;
            a = b;
            b = next;
        }
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Generator g = new Generator();
        Continuation c = new Continuation(() -> g.fibonacci(count));
        StringBuilder out = new StringBuilder("fibonacci:");
        while (!c.run()) {
            out.append(' ').append(g.current);
        }
        System.out.println(out);
    }
}
