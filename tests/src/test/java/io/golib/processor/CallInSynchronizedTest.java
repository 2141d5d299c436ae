package io.golib.processor;

import static io.golib.processor.Compiles.assertNotReported;
import static io.golib.processor.Compiles.assertReported;
import static io.golib.processor.Compiles.compile;
import static io.golib.processor.Compiles.src;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import io.golib.processor.Compiles.Src;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/** {@code [GoroutineCallInSynchronized]}: a park while a monitor is held. */
class CallInSynchronizedTest {
    static final String TAG = "GoroutineCallInSynchronized";

    static final Src LOCKED = src("demo.Locked", String.join("\n",
            "package demo;",
            "",
            "import io.golib.GoRunnable;",
            "import io.golib.Goroutine;",
            "import io.golib.runtime.stack.Continuation;",
            "",
            "class Locked {",
            "    final Object lock = new Object();",
            "",
            "    @Goroutine",
            "    void block() {",
            "        synchronized (lock) {",
            "            Continuation.park(); //in-block",
            "        }",
            "        Continuation.park(); //after-block",
            "    }",
            "",
            "    @Goroutine",
            "    synchronized void method() {",
            "        Continuation.yieldNow(); //in-method",
            "    }",
            "",
            "    GoRunnable lambda() {",
            "        return () -> {",
            "            synchronized (lock) {",
            "                Continuation.park(); //in-lambda",
            "            }",
            "        };",
            "    }",
            "",
            "    @Goroutine",
            "    void deferred() {",
            "        synchronized (lock) {",
            "            GoRunnable later = () -> Continuation.park(); //lambda-runs-later",
            "        }",
            "    }",
            "",
            "    @Goroutine",
            "    synchronized void noPark() {",
            "        String.valueOf(1); //no-park",
            "    }",
            "}",
            ""));

    @Test
    void warnsOnParkInsideSynchronizedBlockMethodAndLambda() {
        Compilation c = compile(LOCKED);
        assertReported(c, Diagnostic.Kind.WARNING, TAG, LOCKED, "//in-block",
                "Continuation.park() may park", "synchronized",
                "pins its carrier while parked", "Fix: move the call out of the synchronized",
                "io.golib.sync.Mutex");
        assertReported(c, Diagnostic.Kind.WARNING, TAG, LOCKED, "//in-method",
                "Continuation.yieldNow() may park", "pins its carrier while parked");
        assertReported(c, Diagnostic.Kind.WARNING, TAG, LOCKED, "//in-lambda",
                "pins its carrier while parked");
    }

    @Test
    void silentOutsideTheMonitorAndForLambdasThatRunLater() {
        Compilation c = compile(LOCKED);
        for (String marker : List.of("//after-block", "//lambda-runs-later", "//no-park")) {
            assertNotReported(c, TAG, LOCKED, marker);
        }
        assertEquals(3, Compiles.tagged(c, TAG).size(), c.diagnostics().toString());
    }

    @Test
    void aPlainSynchronizedMethodReportsOnlyThatItCannotPark() {
        Src s = src("demo.PlainLocked", String.join("\n",
                "package demo;",
                "class PlainLocked {",
                "    synchronized void m() { io.golib.runtime.stack.Continuation.park(); } //plain",
                "}",
                ""));
        Compilation c = compile(s);
        assertReported(c, Diagnostic.Kind.WARNING, CallFromPlainMethodTest.TAG, s, "//plain");
        Compiles.assertNone(c, TAG);
    }
}
