package io.golib.tests.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * One jar of the corpus: its path and the class files it holds, by binary name, sorted (so every
 * run visits classes in the same order and a sample is deterministic).
 *
 * <p>Only base-version entries are read: {@code module-info.class} (not a loadable class) and
 * {@code META-INF/versions/**} (multi-release overlays of a base class of the same name) are
 * skipped.
 */
final class CorpusJar {
    /**
     * File-name prefixes of the corpus jars. Unshaded third-party code the build already
     * resolves; {@code asm-} covers asm, asm-tree, asm-analysis, asm-commons and asm-util
     * (the golib agent jar, whose ASM is relocated, starts with {@code golib-} and never matches).
     * ASM's class files are Java 5, which the transformer leaves alone by design; the JUnit
     * engines (Java 8) make up for that with more rewritable code.
     */
    static final List<String> PREFIXES = List.of(
            "guava-", "asm-", "commons-lang3-", "junit-jupiter-api-", "junit-platform-commons-",
            "junit-jupiter-engine-", "junit-platform-engine-");

    final Path path;
    /** Binary name ({@code a.b.C}) → class file, sorted by name. */
    final Map<String, byte[]> classes;

    private CorpusJar(Path path, Map<String, byte[]> classes) {
        this.path = path;
        this.classes = Collections.unmodifiableMap(classes);
    }

    String label() {
        return path.getFileName().toString();
    }

    /** Every jar on this JVM's class path. */
    static List<Path> classPathJars() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                out.add(Paths.get(e));
            }
        }
        return out;
    }

    /** The corpus jars on this JVM's class path, in {@link #PREFIXES} order then by name. */
    static List<CorpusJar> fromClassPath() {
        List<CorpusJar> out = new ArrayList<>();
        for (String prefix : PREFIXES) {
            classPathJars().stream()
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith(prefix) && n.endsWith(".jar") && Files.isRegularFile(p);
                    })
                    .sorted()
                    .forEach(p -> out.add(read(p)));
        }
        return out;
    }

    static CorpusJar read(Path jar) {
        Map<String, byte[]> classes = new TreeMap<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> en = f.entries(); en.hasMoreElements(); ) {
                JarEntry e = en.nextElement();
                String n = e.getName();
                if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.endsWith("module-info.class")) {
                    continue;
                }
                try (InputStream in = f.getInputStream(e)) {
                    classes.put(n.substring(0, n.length() - ".class".length()).replace('/', '.'),
                            in.readAllBytes());
                }
            }
        } catch (IOException x) {
            throw new UncheckedIOException("cannot read corpus jar " + jar, x);
        }
        return new CorpusJar(jar, new LinkedHashMap<>(classes));
    }
}
