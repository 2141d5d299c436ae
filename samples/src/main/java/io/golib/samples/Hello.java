package io.golib.samples;

import static io.golib.Go.go;
import static io.golib.Go.run;
import static io.golib.Go.sleep;

import io.golib.Goroutine;
import java.time.Duration;

/**
 * The Go tour's first goroutine program, in Java:
 *
 * <pre>{@code
 * func say(s string) {
 *     for i := 0; i < 5; i++ {
 *         time.Sleep(100 * time.Millisecond)
 *         fmt.Println(s)
 *     }
 * }
 *
 * func main() {
 *     go say("world")
 *     say("hello")
 * }
 * }</pre>
 *
 * Both goroutines sleep without holding a thread; the output interleaves "world" and "hello".
 */
public final class Hello {
    @Goroutine
    static void say(String s) {
        for (int i = 0; i < 5; i++) {
            sleep(Duration.ofMillis(100));
            System.out.println(s);
        }
    }

    public static void main(String[] args) {
        run(() -> {
            go(() -> say("world"));
            say("hello");
        });
    }
}
