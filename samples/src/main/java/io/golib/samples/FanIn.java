package io.golib.samples;

import static io.golib.Go.go;
import static io.golib.Go.run;
import static io.golib.Go.sleep;
import static io.golib.chan.Select.recv;
import static io.golib.chan.Select.select;

import io.golib.chan.Chan;
import io.golib.chan.RecvChan;
import io.golib.time.Time;
import java.time.Duration;

/**
 * Fan-in with select, after Rob Pike's "Go Concurrency Patterns" (2012): two boring talkers on
 * their own channels, merged by one select loop that also gives up after a timeout.
 *
 * <pre>{@code
 * func boring(msg string) <-chan string {
 *     c := make(chan string)
 *     go func() { for i := 0; ; i++ { c <- fmt.Sprintf("%s %d", msg, i); time.Sleep(...) } }()
 *     return c
 * }
 * func main() {
 *     joe, ann := boring("Joe"), boring("Ann")
 *     timeout := time.After(800 * time.Millisecond)
 *     for {
 *         select {
 *         case s := <-joe: fmt.Println(s)
 *         case s := <-ann: fmt.Println(s)
 *         case <-timeout: fmt.Println("You talk too much."); return
 *         }
 *     }
 * }
 * }</pre>
 *
 * Prints Joe's and Ann's lines interleaved as they come, then "You talk too much.".
 */
public final class FanIn {
    static RecvChan<String> boring(String msg, int everyMs) {
        Chan<String> c = Chan.make();
        go(() -> {
            for (int i = 0; ; i++) {
                c.send(msg + " " + i);
                sleep(Duration.ofMillis(everyMs));
            }
        });
        return c;
    }

    public static void main(String[] args) {
        run(() -> {
            RecvChan<String> joe = boring("Joe", 70);
            RecvChan<String> ann = boring("Ann", 110);
            RecvChan<?> timeout = Time.after(Duration.ofMillis(800));
            boolean[] done = {false};
            while (!done[0]) {
                select(
                        recv(joe, s -> System.out.println(s)),
                        recv(ann, s -> System.out.println(s)),
                        recv(timeout, t -> {
                            System.out.println("You talk too much.");
                            done[0] = true;
                        }));
            }
        });
    }
}
