package io.golib.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs each sample exactly as the README says, in a fresh JVM with no agent (the samples module
 * is rewritten at build time by golib-maven-plugin), and checks what it prints.
 */
@Timeout(300)
class SamplesTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    /** Runs {@code io.golib.samples.<name> args...}; returns its stdout lines. */
    static List<String> run(String name, String... args) throws Exception {
        String cp = ROOT.resolve("runtime/target/classes") + File.pathSeparator
                + ROOT.resolve("samples/target/classes");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "io.golib.samples." + name));
        cmd.addAll(Arrays.asList(args));
        Path out = Files.createTempFile("sample", ".out");
        Path err = Files.createTempFile("sample", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + " did not finish");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), name + " failed:\n" + stderr);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        Files.delete(out);
        Files.delete(err);
        return lines;
    }

    @Test
    void hello() throws Exception {
        List<String> lines = run("Hello");
        assertEquals(5, lines.stream().filter("hello"::equals).count(), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.equals("hello") || l.equals("world")),
                lines.toString());
    }

    @Test
    void pipeline() throws Exception {
        assertEquals(List.of("1", "16", "81", "256"), run("Pipeline"));
    }

    @Test
    void primeSieve() throws Exception {
        assertEquals(List.of("2", "3", "5", "7", "11", "13", "17", "19", "23", "29"),
                run("PrimeSieve"));
        List<String> lines = run("PrimeSieve", "5000");
        assertEquals(5000, lines.size());
        assertEquals("48611", lines.get(4999), "the 5,000th prime");
    }

    @Test
    void boundedQueue() throws Exception {
        List<String> lines = run("BoundedQueue");
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("consumer 0 took \\d+, consumer 1 took \\d+"), lines.get(0));
        assertEquals("total 300 items, sum 44850", lines.get(1));
    }

    @Test
    void fanIn() throws Exception {
        List<String> lines = run("FanIn");
        assertEquals("You talk too much.", lines.get(lines.size() - 1));
        assertTrue(lines.contains("Joe 0") && lines.contains("Ann 0"), lines.toString());
        assertTrue(lines.subList(0, lines.size() - 1).stream()
                .allMatch(l -> l.matches("(Joe|Ann) \\d+")), lines.toString());
    }

    @Test
    void contextWorkers() throws Exception {
        List<String> lines = run("ContextWorkers");
        assertEquals(5, lines.size(), lines.toString());
        for (int id = 0; id < 4; id++) {
            assertTrue(lines.contains("worker " + id + " stops: context deadline exceeded"),
                    lines.toString());
        }
        assertTrue(lines.get(4).matches("all workers stopped after \\d+ units of work"),
                lines.get(4));
    }
}
