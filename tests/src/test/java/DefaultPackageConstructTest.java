import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.GoCallable;
import io.golib.Goroutine;
import io.golib.runtime.stack.Continuation;
import io.golib.runtime.stack.Instrumented;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Trace;
import org.junit.jupiter.api.Test;

/**
 * A suspendable class in the default package (EA NoPackageTest): internal names without a slash
 * must not trip the transformer (package prefix checks, generated names, index lookups).
 */
class DefaultPackageConstructTest {

    @Goroutine
    static int parkTwice(int x) {
        Continuation.park();
        int y = x + 1;
        Continuation.yieldNow();
        return y * 2;
    }

    @Goroutine
    String instance(String s) {
        Continuation.yieldNow();
        return s + "!";
    }

    @Test
    void parksInDefaultPackage() {
        Trace t = new Trace();
        GoCallable<String> body = () -> {
            t.add("start");
            int v = parkTwice(20);
            t.add(v);
            return instance("v" + v);
        };
        assertEquals("v42!", Driver.call("default package", 3, body, t), "default package");
        t.assertIs("default package", "start", Trace.PARK, Trace.PARK, 42, Trace.PARK);
        assertTrue(DefaultPackageConstructTest.class.isAnnotationPresent(Instrumented.class),
                "default package: the class was rewritten");
    }
}
