package io.golib.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lets a goal skip a build in which nothing it reads has changed, the way {@code make} compares
 * timestamps: the stamp file holds a digest of the path, size and modification time of every
 * input (each file of the classes directory, each class path entry, the transformer's own jar),
 * taken after the last successful run.
 *
 * <p>Why the whole input and not per class: whether a class needs rewriting depends on other
 * classes (a supertype's suspendable method, the processor's index in a dependency jar), so an
 * unchanged class file is only known to stay as it is when nothing it could depend on changed.
 * Classes that did change are caught anyway by the marker check; this only saves re-analysing the
 * classes that come back unchanged on every build.
 *
 * <p>Invariant: the stamp exists only while it describes a successful run. It is deleted before a
 * run starts and written after it ends well, so an interrupted or failed run never reads as done.
 */
final class UpToDateStamp {
    private final Path file;

    UpToDateStamp(Path file) {
        this.file = file;
    }

    /** The digest of {@code inputs}, in order; a missing input counts as a distinct state. */
    static String fingerprint(List<Path> inputs) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("fingerprint: SHA-256 is required of every JDK", e);
        }
        for (Path input : inputs) {
            line(digest, "input " + input.toAbsolutePath().normalize());
            if (Files.isDirectory(input)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(input)) {
                    files = walk.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().endsWith(ClassesInstrumenter.TEMP_SUFFIX))
                            .sorted().collect(Collectors.toList());
                }
                for (Path f : files) {
                    describe(digest, input.relativize(f).toString(), f);
                }
            } else if (Files.isRegularFile(input)) {
                describe(digest, "", input);
            } else {
                line(digest, "absent");
            }
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : digest.digest()) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static void describe(MessageDigest digest, String name, Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        line(digest, name + "\t" + a.size() + "\t" + a.lastModifiedTime().toInstant());
    }

    private static void line(MessageDigest digest, String s) {
        digest.update((s + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the last successful run saw exactly {@code fingerprint}. */
    boolean matches(String fingerprint) throws IOException {
        return Files.isRegularFile(file)
                && Files.readString(file, StandardCharsets.UTF_8).trim().equals(fingerprint);
    }

    /** Forgets the last run; called before a run starts. */
    void clear() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Records a successful run that left its inputs as {@code fingerprint} describes. */
    void record(String fingerprint) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ClassesInstrumenter.writeAtomically(file, (fingerprint + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
