package io.golib.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import io.golib.Go;
import io.golib.agent.ClassSource;
import io.golib.agent.Transformer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;

/**
 * Test support: takes a compilation's class output (classes and the suspendable index), writes it
 * to a directory, rewrites every class with golib's transformer as the Maven plugin would at
 * build time, and loads the result, so that generated code can be run in-process.
 *
 * <p>The loader is an ordinary parent-first {@link URLClassLoader} over that directory: the
 * compiled classes are not on the test class path, so they come from the directory, while golib's
 * runtime (already rewritten by its own build) comes from the parent, shared with the test.
 */
final class Rewritten {
    private static final String CLASS_OUTPUT = "/CLASS_OUTPUT/";

    /** What the transformer did, by internal class name: the rewritten class file. */
    final Map<String, byte[]> rewritten = new LinkedHashMap<>();
    final ClassLoader loader;

    private Rewritten(Path dir) {
        try {
            loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                    Rewritten.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes, rewrites and loads the class output of {@code c} (which must have succeeded). */
    static Rewritten of(Compilation c, Path dir) throws IOException {
        for (JavaFileObject f : c.generatedFiles()) {
            String uri = f.toUri().toString();
            int at = uri.indexOf(CLASS_OUTPUT);
            if (at < 0) {
                continue; // generated sources
            }
            Path out = dir.resolve(uri.substring(at + CLASS_OUTPUT.length()));
            Files.createDirectories(out.getParent());
            try (InputStream in = f.openInputStream()) {
                Files.write(out, in.readAllBytes());
            }
        }
        Transformer t = new Transformer(ClassSource.of(List.of(dir, runtimeClasses())));
        Rewritten r = new Rewritten(dir);
        List<Path> classes = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.toString().endsWith(".class")).forEach(classes::add);
        }
        for (Path p : classes) {
            Transformer.Result result = t.transform(Files.readAllBytes(p));
            assertEquals(List.of(), result.problems(), "transformer problems in " + p);
            if (result.changed()) {
                Files.write(p, result.bytes());
                String name = dir.relativize(p).toString().replace('\\', '/');
                r.rewritten.put(name.substring(0, name.length() - ".class".length()),
                        result.bytes());
            }
        }
        return r;
    }

    /** Where golib-runtime's (rewritten) classes are: target/classes or its jar. */
    static Path runtimeClasses() {
        try {
            return Path.of(Go.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, true, loader);
    }
}
