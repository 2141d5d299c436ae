package io.golib.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of input change must invalidate the stamp; no change must keep it. */
class UpToDateStampTest {
    @TempDir
    Path tmp;

    @Test
    void stampMatchesOnlyTheRecordedInputs() throws IOException {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Path a = Files.write(classes.resolve("A.class"), new byte[] {1});
        Path jar = Files.write(tmp.resolve("dep.jar"), new byte[] {2});
        List<Path> inputs = List.of(classes, jar);
        UpToDateStamp stamp = new UpToDateStamp(tmp.resolve("work/instrument.stamp"));

        String before = UpToDateStamp.fingerprint(inputs);
        assertFalse(stamp.matches(before), "no stamp yet");
        stamp.record(before);
        assertTrue(stamp.matches(before));
        assertEquals(before, UpToDateStamp.fingerprint(inputs), "nothing changed: same fingerprint");

        // A class rewritten by javac (new time), a class added, a jar replaced: each is a change.
        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 2000));
        String touched = UpToDateStamp.fingerprint(inputs);
        assertNotEquals(before, touched, "touched class");
        Files.write(classes.resolve("B.class"), new byte[] {3});
        String added = UpToDateStamp.fingerprint(inputs);
        assertNotEquals(touched, added, "added class");
        Files.write(jar, new byte[] {2, 2});
        assertNotEquals(added, UpToDateStamp.fingerprint(inputs), "changed jar");
        Files.delete(jar);
        assertNotEquals(added, UpToDateStamp.fingerprint(inputs), "removed jar");

        // Temporaries are not inputs: a leftover must not make a clean tree look changed.
        String clean = UpToDateStamp.fingerprint(inputs);
        Files.write(classes.resolve("B.class.1" + ClassesInstrumenter.TEMP_SUFFIX), new byte[] {9});
        assertEquals(clean, UpToDateStamp.fingerprint(inputs));

        stamp.clear();
        assertFalse(stamp.matches(before), "cleared");
    }
}
