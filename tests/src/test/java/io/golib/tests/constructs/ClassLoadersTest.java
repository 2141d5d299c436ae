package io.golib.tests.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.GoCallable;
import io.golib.runtime.stack.Continuation;
import io.golib.runtime.stack.Instrumented;
import io.golib.tests.support.Driver;
import io.golib.tests.support.Watchdog;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same suspendable class in two class loaders (Q ClassLoaderTest, K TestDynamicWeaver): the
 * agent rewrites it on load in each, resolving its hierarchy from that loader's resources, and
 * both copies park and resume independently. Each copy's resume entry must lead back into its
 * own class, not the other copy.
 */
class ClassLoadersTest {

    private static final String SUBJECT = TwoLoadersSubject.class.getName();

    /** Child-first for the subject and its nested classes only; everything else from the parent. */
    static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL dir, ClassLoader parent) {
            super(new URL[] {dir}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.equals(SUBJECT) || name.startsWith(SUBJECT + "$")) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        c = findClass(name);
                    }
                    if (resolve) {
                        resolveClass(c);
                    }
                    return c;
                }
                return super.loadClass(name, resolve);
            }
        }
    }

    @Test
    void sameClassInTwoLoaders() throws Exception {
        Path dir = Path.of(TwoLoadersSubject.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        assertTrue(Files.isDirectory(dir), "test classes are a directory: " + dir);
        ClassLoader app = TwoLoadersSubject.class.getClassLoader();
        try (ChildFirst child = new ChildFirst(dir.toUri().toURL(), app)) {
            Class<?> copy = child.loadClass(SUBJECT);
            assertNotSame(TwoLoadersSubject.class, copy, "a second copy of the class");
            assertSame(child, copy.getClassLoader(), "defined by the child loader");
            assertSame(GoCallable.class, child.loadClass(GoCallable.class.getName()),
                    "runtime classes are shared with the parent");
            assertTrue(copy.isAnnotationPresent(Instrumented.class),
                    "the agent rewrote the copy too");
            assertTrue(TwoLoadersSubject.class.isAnnotationPresent(Instrumented.class),
                    "the agent rewrote the original");

            @SuppressWarnings("unchecked")
            GoCallable<List<Object>> inCopy =
                    (GoCallable<List<Object>>) copy.getDeclaredConstructor().newInstance();
            GoCallable<List<Object>> inApp = new TwoLoadersSubject();
            int before = TwoLoadersSubject.runs;

            // interleave the two: each parks 3 times; alternate run() calls between them
            Continuation a = new Continuation(inApp);
            Continuation b = new Continuation(inCopy);
            int parksA = 0;
            int parksB = 0;
            try (Watchdog.Watch wa = Watchdog.watch(a); Watchdog.Watch wb = Watchdog.watch(b)) {
                while (!a.isDone() || !b.isDone()) {
                    if (!a.isDone() && !a.run()) {
                        parksA++;
                    }
                    if (!b.isDone() && !b.run()) {
                        parksB++;
                    }
                }
            }
            assertEquals(null, a.failure(), "app copy: failure");
            assertEquals(null, b.failure(), "child copy: failure");
            assertEquals(3, parksA, "app copy: parks");
            assertEquals(3, parksB, "child copy: parks");
            assertEquals(List.of("run " + (before + 1), 42, "lambda 2", 10L), a.result(),
                    "app copy: result");
            assertEquals(List.of("run 1", 42, "lambda 2", 10L), b.result(), "child copy: result");
            assertEquals(before + 1, TwoLoadersSubject.runs, "the copies have separate statics");

            // and once more each, sequentially, with the Driver
            assertEquals(3, Driver.runToEnd(new Continuation(inCopy)), "child copy again: parks");
            assertEquals(3, Driver.runToEnd(new Continuation(inApp)), "app copy again: parks");
        }
    }
}
