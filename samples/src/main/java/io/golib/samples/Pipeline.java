package io.golib.samples;

import static io.golib.Go.go;
import static io.golib.Go.run;

import io.golib.Goroutine;
import io.golib.chan.Chan;
import io.golib.chan.RecvChan;

/**
 * A pipeline, after the Go blog's "Go Concurrency Patterns: Pipelines and cancellation": a
 * generator stage, a squaring stage, and main draining the result, each stage a goroutine
 * connected by channels and closing its output when its input ends.
 *
 * <pre>{@code
 * func gen(nums ...int) <-chan int {
 *     out := make(chan int)
 *     go func() { for _, n := range nums { out <- n }; close(out) }()
 *     return out
 * }
 * func sq(in <-chan int) <-chan int {
 *     out := make(chan int)
 *     go func() { for n := range in { out <- n * n }; close(out) }()
 *     return out
 * }
 * func main() { for n := range sq(sq(gen(1, 2, 3, 4))) { fmt.Println(n) } }
 * }</pre>
 *
 * Prints 1, 16, 81 and 256, one per line.
 */
public final class Pipeline {
    static RecvChan<Integer> gen(int... nums) {
        Chan<Integer> out = Chan.make();
        go(() -> {
            for (int n : nums) {
                out.send(n);
            }
            out.close();
        });
        return out;
    }

    static RecvChan<Integer> sq(RecvChan<Integer> in) {
        Chan<Integer> out = Chan.make();
        go(() -> {
            for (int n : in) {
                out.send(n * n);
            }
            out.close();
        });
        return out;
    }

    @Goroutine
    static void printAll(RecvChan<Integer> in) {
        for (int n : in) {
            System.out.println(n);
        }
    }

    public static void main(String[] args) {
        run(() -> printAll(sq(sq(gen(1, 2, 3, 4)))));
    }
}
