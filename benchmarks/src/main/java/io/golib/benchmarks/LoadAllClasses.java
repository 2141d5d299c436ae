package io.golib.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The program {@link StartupOverhead} times: loads (without initialising) every class under a
 * package prefix of a jar on the class path, so that the agent's transformer sees a few thousand
 * classes that have nothing to rewrite. {@code Class.forName(name, false, loader)} defines the
 * class and its supertypes; no static initialiser runs, so the work is class loading alone.
 *
 * <p>Usage: {@code LoadAllClasses <jar> [<prefix, default com/google/common/>]}. Prints one line
 * {@code LOADED classes=<n> failed=<n> ms=<time of the loading loop>}.
 */
public final class LoadAllClasses {
    private LoadAllClasses() {}

    public static void main(String[] args) throws IOException {
        String jar = args[0];
        String prefix = args.length > 1 ? args[1] : "com/google/common/";
        List<String> names = new ArrayList<>();
        try (JarFile f = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                if (n.startsWith(prefix) && n.endsWith(".class") && !n.endsWith("package-info.class")
                        && !n.endsWith("module-info.class")) {
                    names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        ClassLoader loader = LoadAllClasses.class.getClassLoader();
        int loaded = 0, failed = 0;
        long t0 = System.nanoTime();
        for (String n : names) {
            try {
                Class.forName(n, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                failed++; // an optional dependency missing from the class path; same in both modes
            }
        }
        long t1 = System.nanoTime();
        System.out.printf("LOADED classes=%d failed=%d ms=%.3f%n", loaded, failed, (t1 - t0) / 1e6);
    }
}
