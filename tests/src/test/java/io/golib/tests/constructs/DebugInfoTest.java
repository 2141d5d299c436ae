package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.golib.GoCallable;
import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Park;
import io.golib.tests.support.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Debug info survives rewriting: an exception created after a resume has a stack trace whose
 * frames name the original class, method and source line. Expected lines are not hard-coded: they
 * are found in this file's source by marker comments ({@code // @line:name}), so editing the file
 * cannot silently break the test, and the rewritten bytecode cannot influence the expectation.
 */
class DebugInfoTest {

    private static final Path SOURCE = Path.of("src/test/java/io/golib/tests/constructs/"
            + "DebugInfoTest.java");

    /** The 1-based line of this file that carries {@code // @line:name}. */
    static int line(String name) throws IOException {
        List<String> lines = Files.readAllLines(SOURCE);
        String marker = "// @line:" + name;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(marker)) {
                return i + 1;
            }
        }
        fail("marker " + marker + " not found in " + SOURCE.toAbsolutePath());
        return -1;
    }

    static void assertFrame(String what, StackTraceElement e, String method, int line) {
        assertEquals(DebugInfoTest.class.getName(), e.getClassName(), what + ": class of " + e);
        assertEquals(method, e.getMethodName(), what + ": method of " + e);
        assertEquals(line, e.getLineNumber(), what + ": line of " + e);
        assertEquals("DebugInfoTest.java", e.getFileName(), what + ": file of " + e);
    }

    @Goroutine
    static void throwsAfterResume(int n) {
        Park.PARK.now();
        Park.YIELD.now();
        if (n > 0) {
            throw new IllegalStateException("after resume"); // @line:throwsAfterResume
        }
    }

    /** The top frame of an exception thrown in a resumed method. */
    @Test
    void topFrameOfExceptionThrownAfterResume() throws Exception {
        GoRunnable body = () -> throwsAfterResume(1);
        Throwable f = Driver.runToFailure("top", new Continuation(body), new Trace(), 2);
        assertFrame("top", f.getStackTrace()[0], "throwsAfterResume", line("throwsAfterResume"));
    }

    @Goroutine
    static int middle(String s) {
        Park.YIELD.now();
        int len = s.length();
        return Integer.parseInt(s) + len; // @line:middleCall
    }

    /**
     * A frame that was re-entered by the resume (its callee parked and returned) then calls into
     * the JDK, which throws: the first frame of this class names middle() and the call's line.
     */
    @Test
    void resumedFrameCallingJdkThatThrows() throws Exception {
        GoCallable<Integer> body = () -> middle("not a number");
        Throwable f = Driver.runToFailure("jdk", new Continuation(body), new Trace(), 1);
        assertTrue(f instanceof NumberFormatException, "jdk: " + f);
        StackTraceElement first = null;
        for (StackTraceElement e : f.getStackTrace()) {
            if (e.getClassName().equals(DebugInfoTest.class.getName())) {
                first = e;
                break;
            }
        }
        assertTrue(first != null, "jdk: no frame of this class in the trace");
        assertFrame("jdk", first, "middle", line("middleCall"));
    }

    @Goroutine
    static String outerOfTwo() {
        String r = innerParks();
        return thrower(r); // @line:outerCall
    }

    @Goroutine
    static String innerParks() {
        Park.PARK.now();
        return "x";
    }

    static String thrower(String r) {
        throw new UnsupportedOperationException(r); // @line:thrower
    }

    /**
     * The caller re-entered after its callee resumed and returned, calling a plain method that
     * throws: the trace shows thrower's line, then outerOfTwo at the call line.
     */
    @Test
    void reenteredCallerLine() throws Exception {
        GoCallable<String> body = DebugInfoTest::outerOfTwo;
        Throwable f = Driver.runToFailure("caller", new Continuation(body), new Trace(), 1);
        StackTraceElement[] st = f.getStackTrace();
        assertFrame("caller[0]", st[0], "thrower", line("thrower"));
        assertFrame("caller[1]", st[1], "outerOfTwo", line("outerCall"));
    }

    /** A Throwable created in a lambda body after a resume: the lambda's method and line. */
    @Test
    void lambdaFrameAfterResume() throws Exception {
        GoCallable<StackTraceElement> body = () -> {
            Park.PARK.now();
            return new Throwable().getStackTrace()[0]; // @line:lambda
        };
        StackTraceElement e = Driver.call("lambda", 1, body, new Trace());
        assertEquals(DebugInfoTest.class.getName(), e.getClassName(), "lambda: class of " + e);
        assertTrue(e.getMethodName().startsWith("lambda$lambdaFrameAfterResume$"),
                "lambda: method of " + e);
        assertEquals(line("lambda"), e.getLineNumber(), "lambda: line of " + e);
    }

    /** Two parks on one source line; the exception after the second still has the right line. */
    @Test
    void twoParksOnOneLine() throws Exception {
        GoCallable<Integer> body = () -> Park.i(1) + Park.i(2) + Integer.parseInt("z" + Park.i(3)); // @line:oneLine
        Throwable f = Driver.runToFailure("oneLine", new Continuation(body), new Trace(), 3);
        StackTraceElement first = null;
        for (StackTraceElement e : f.getStackTrace()) {
            if (e.getClassName().equals(DebugInfoTest.class.getName())) {
                first = e;
                break;
            }
        }
        assertTrue(first != null, "oneLine: no frame of this class in the trace");
        assertEquals(line("oneLine"), first.getLineNumber(), "oneLine: line of " + first);
    }
}
