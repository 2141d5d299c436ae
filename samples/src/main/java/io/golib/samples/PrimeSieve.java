package io.golib.samples;

import static io.golib.Go.go;
import static io.golib.Go.run;

import io.golib.Goroutine;
import io.golib.chan.IntChan;

/**
 * The concurrent prime sieve from Go's documentation (doc/play/sieve.go): a chain of filter
 * goroutines, one per prime found, each passing on the numbers its prime does not divide. The
 * channels are {@code IntChan}s: no boxing on the way.
 *
 * <pre>{@code
 * func Generate(ch chan<- int) { for i := 2; ; i++ { ch <- i } }
 * func Filter(in <-chan int, out chan<- int, prime int) {
 *     for { i := <-in; if i%prime != 0 { out <- i } }
 * }
 * func main() {
 *     ch := make(chan int)
 *     go Generate(ch)
 *     for i := 0; i < 10; i++ {
 *         prime := <-ch
 *         fmt.Println(prime)
 *         ch1 := make(chan int)
 *         go Filter(ch, ch1, prime)
 *         ch = ch1
 *     }
 * }
 * }</pre>
 *
 * {@code PrimeSieve [n]} prints the first n primes (10 by default).
 */
public final class PrimeSieve {
    @Goroutine
    static void generate(IntChan ch) {
        for (int i = 2; ; i++) {
            ch.send(i);
        }
    }

    @Goroutine
    static void filter(IntChan in, IntChan out, int prime) {
        for (;;) {
            int i = in.recv();
            if (i % prime != 0) {
                out.send(i);
            }
        }
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        run(() -> {
            IntChan ch = IntChan.make();
            go(() -> generate(ch));
            IntChan in = ch;
            for (int i = 0; i < n; i++) {
                int prime = in.recv();
                System.out.println(prime);
                IntChan out = IntChan.make();
                IntChan from = in;
                go(() -> filter(from, out, prime));
                in = out;
            }
        });
    }
}
