package io.golib.samples;

import static io.golib.Go.go;
import static io.golib.Go.sleep;

import io.golib.GoMain;
import java.time.Duration;

/**
 * {@code @GoMain}: golib-processor generates {@code GoMain_HelloMain}, whose {@code main} runs
 * this one as the main goroutine (go-lib's {@code #[go_lib::main]}). Run
 * {@code io.golib.samples.GoMain_HelloMain}; the exit code is what this returns.
 */
public final class HelloMain {
    @GoMain
    public static int main(String[] args) {
        go(() -> Hello.say("world"));
        Hello.say("hello");
        sleep(Duration.ofMillis(10));
        return 0;
    }
}
