package io.golib.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Where the transformer reads class files (to resolve the class hierarchy and find suspendable
 * methods) and index resources from: the defining class loader's resources at load time, a class
 * path at build time. It never loads a class: loading from inside a transformer can recurse into
 * the class being transformed or pick the wrong loader.
 */
public interface ClassSource {
    /** The class file of the class with this internal name ({@code a/b/C}), or {@code null}. */
    byte[] classBytes(String internalName);

    /** The contents of every resource at {@code path} (for example the suspendable index). */
    List<byte[]> resources(String path);

    /**
     * Reads from {@code loader}'s resources; {@code null} means the bootstrap loader. Holds the
     * loader weakly: the agent keeps one source per loader in a weak map, and a strong reference
     * from the value would keep every loader (and its classes) alive forever.
     */
    static ClassSource of(ClassLoader classLoader) {
        java.lang.ref.WeakReference<ClassLoader> ref =
                classLoader == null ? null : new java.lang.ref.WeakReference<>(classLoader);
        return new ClassSource() {
            @Override
            public byte[] classBytes(String internalName) {
                ClassLoader loader = ref == null ? null : ref.get();
                if (ref != null && loader == null) {
                    return null;
                }
                String name = internalName + ".class";
                try (InputStream in = loader == null
                        ? ClassLoader.getSystemResourceAsStream(name)
                        : loader.getResourceAsStream(name)) {
                    return in == null ? null : in.readAllBytes();
                } catch (IOException e) {
                    return null;
                }
            }

            @Override
            public List<byte[]> resources(String path) {
                List<byte[]> out = new ArrayList<>();
                ClassLoader loader = ref == null ? null : ref.get();
                if (ref != null && loader == null) {
                    return out;
                }
                try {
                    Enumeration<URL> urls = loader == null
                            ? ClassLoader.getSystemResources(path) : loader.getResources(path);
                    while (urls.hasMoreElements()) {
                        try (InputStream in = urls.nextElement().openStream()) {
                            out.add(in.readAllBytes());
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("golib: cannot read " + path, e);
                }
                return out;
            }
        };
    }

    /**
     * Reads from a class path of directories and jars, in order, then from the running JDK (for
     * {@code java.*} supertypes). Jars stay open for the life of the returned source's users;
     * build tools create one per build.
     */
    static ClassSource of(List<Path> classPath) {
        List<Object> entries = new ArrayList<>();
        for (Path p : classPath) {
            if (Files.isDirectory(p)) {
                entries.add(p);
            } else if (Files.isRegularFile(p)) {
                try {
                    entries.add(new JarFile(p.toFile()));
                } catch (IOException e) {
                    throw new UncheckedIOException("golib: cannot open " + p, e);
                }
            }
        }
        ClassSource jdk = of(ClassLoader.getPlatformClassLoader());
        return new ClassSource() {
            @Override
            public byte[] classBytes(String internalName) {
                List<byte[]> found = read(internalName + ".class", true);
                return found.isEmpty() ? jdk.classBytes(internalName) : found.get(0);
            }

            @Override
            public List<byte[]> resources(String path) {
                return read(path, false);
            }

            private List<byte[]> read(String path, boolean first) {
                List<byte[]> out = new ArrayList<>();
                for (Object e : entries) {
                    try {
                        if (e instanceof Path) {
                            Path f = ((Path) e).resolve(path);
                            if (Files.isRegularFile(f)) {
                                out.add(Files.readAllBytes(f));
                            }
                        } else {
                            JarFile jar = (JarFile) e;
                            ZipEntry z = jar.getEntry(path);
                            if (z != null) {
                                try (InputStream in = jar.getInputStream(z)) {
                                    out.add(readAll(in));
                                }
                            }
                        }
                    } catch (IOException x) {
                        throw new UncheckedIOException("golib: cannot read " + path, x);
                    }
                    if (first && !out.isEmpty()) {
                        break;
                    }
                }
                return out;
            }
        };
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
