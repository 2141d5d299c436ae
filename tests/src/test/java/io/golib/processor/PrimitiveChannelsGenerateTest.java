package io.golib.processor;

import static io.golib.processor.Compiles.assertReported;
import static io.golib.processor.Compiles.compile;
import static io.golib.processor.Compiles.src;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import io.golib.processor.Compiles.Src;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code [PrimitiveChannelsGenerate]} and the trigger of the primitive channels' generation:
 * only the marker on {@code io.golib.chan}'s package-info (the runtime's own compilation) writes
 * them; a user's compilation, which sees the marker type in golib-runtime, writes nothing.
 */
class PrimitiveChannelsGenerateTest {

    @Test
    void userCompilationGeneratesNoChannels() {
        Compilation c = compile(src("demo.Demo", String.join("\n",
                "package demo;",
                "",
                "import io.golib.chan.IntChan;",
                "",
                "public class Demo {",
                "    IntChan ch = IntChan.make(1);",
                "}")));
        assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics().toString());
        assertEquals(List.of(), names(c.generatedSourceFiles()));
    }

    /** A hand-written IntChan beside the marker: the generated one cannot be written. */
    @Test
    void handWrittenChannelNextToTheMarkerIsReported() {
        Src pkg = src("io.golib.chan.package-info", String.join("\n",
                "@PrimitiveChannels //marker",
                "package io.golib.chan;"));
        Src mine = src("io.golib.chan.IntChan", String.join("\n",
                "package io.golib.chan;",
                "",
                "public final class IntChan {}"));
        Compilation c = compile(pkg, mine);
        assertReported(c, Diagnostic.Kind.ERROR, "PrimitiveChannelsGenerate", pkg, "//marker",
                "cannot write io.golib.chan.IntChan", "Fix: remove it",
                "io.golib.processor.generate.PrimitiveChannelTemplate");
    }

    private static List<String> names(List<JavaFileObject> files) {
        return files.stream().map(JavaFileObject::getName).collect(Collectors.toList());
    }
}
