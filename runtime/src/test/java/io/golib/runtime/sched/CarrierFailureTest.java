package io.golib.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.runtime.stack.Continuation;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A carrier that dies of an internal error stops the scheduler loudly instead of leaving
 * {@code Go.run} waiting for ever: the waiting {@code Go.run} and every later one fail with the
 * error as the cause, and the error is printed. Runs {@link Program} in a JVM of its own, since
 * the scheduler it breaks is the process's only one.
 */
@Timeout(120)
class CarrierFailureTest {

    @Test
    void aDeadCarrierFailsEveryGoRunInsteadOfHanging() throws Exception {
        Path classes = Path.of("target", "classes").toAbsolutePath();
        Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + File.pathSeparator + testClasses, Program.class.getName());
        Path out = Files.createTempFile("carrier-failure", ".out");
        Path err = Files.createTempFile("carrier-failure", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the program hung");
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(out);
        Files.delete(err);
        assertEquals(0, p.exitValue(), stdout + stderr);
        assertEquals(List.of(
                "first: golib: the scheduler is stopped: a carrier died of an internal error"
                        + " (see the cause) / injected unlock failure",
                "later: golib: the scheduler is stopped: a carrier died of an internal error"
                        + " (see the cause) / injected unlock failure"),
                stdout.lines().toList(), stderr);
        assertTrue(stderr.contains("golib: fatal error: carrier"), stderr);
        assertTrue(stderr.contains("injected unlock failure"), stderr);
    }

    /** Kills a carrier with a gopark unlock function that throws, then calls Go.run again. */
    public static final class Program {
        public static void main(String[] args) {
            System.out.println("first: " + failure(() -> Go.run(() -> {
                Sched.currentG().prepark("test", (gp, arg) -> {
                    throw new IllegalStateException("injected unlock failure");
                }, null);
                Continuation.park();
            })));
            System.out.println("later: " + failure(() -> Go.run(() -> { })));
        }

        private static String failure(Runnable r) {
            try {
                r.run();
                return "no failure";
            } catch (Throwable t) {
                return t.getMessage() + " / " + (t.getCause() == null ? "no cause"
                        : t.getCause().getMessage());
            }
        }
    }
}
