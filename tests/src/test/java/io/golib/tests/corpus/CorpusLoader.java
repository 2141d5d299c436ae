package io.golib.tests.corpus;

import java.util.Map;

/**
 * A throwaway class loader that defines the given class files itself (child-first) and delegates
 * every other name to its parent.
 *
 * <p>Child-first matters: the corpus jars are also on the test class path, so parent-first
 * delegation would hand back the parent's original classes and nothing rewritten would ever be
 * verified. The parent must see {@code io.golib.runtime.*}, which rewritten code calls.
 *
 * <p>Defining does not link: the JVM verifies a class only when it is linked (JVMS §5.4), which
 * {@link LinkCheck} forces.
 */
final class CorpusLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    /** Binary name → class file to define. Never mutated. */
    private final Map<String, byte[]> classes;

    CorpusLoader(String name, Map<String, byte[]> classes, ClassLoader parent) {
        super(name, parent);
        this.classes = classes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!classes.containsKey(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
    }
}
