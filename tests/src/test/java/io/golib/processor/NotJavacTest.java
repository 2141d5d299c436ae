package io.golib.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.golib.processor.Compiles.src;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.golib.processor.Compiles.Src;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/**
 * The fallback when the processing environment is not javac's own (IDE and build-tool wrappers
 * hide it behind a proxy, so javac's Trees and task API are out of reach): the index of member
 * classes is still written, in the last round, and a note says call sites went unchecked.
 */
class NotJavacTest {

    /** Hands {@link GolibProcessor} a proxy of javac's environment, as wrappers do. */
    static final class Wrapping extends AbstractProcessor {
        private final GolibProcessor inner = new GolibProcessor();

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return inner.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return inner.getSupportedSourceVersion();
        }

        @Override
        public synchronized void init(ProcessingEnvironment env) {
            super.init(env);
            ProcessingEnvironment proxy = (ProcessingEnvironment) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {ProcessingEnvironment.class},
                    (p, m, args) -> {
                        try {
                            return m.invoke(env, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            inner.init(proxy);
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return inner.process(annotations, round);
        }
    }

    @Test
    void writesMemberClassIndexAndSaysChecksDidNotRun() {
        Src s = src("demo.Wrapped", String.join("\n",
                "package demo;",
                "import io.golib.GoRunnable;",
                "import io.golib.Goroutine;",
                "public class Wrapped {",
                "    @Goroutine void a() {}",
                "    void plain() { a(); }",
                "    static class Job implements GoRunnable { public void run() {} }",
                "    GoRunnable anon() { return new GoRunnable() { public void run() {} }; }",
                "}",
                ""));
        Compilation c = Compiler.javac().withProcessors(new Wrapping()).compile(s.file);
        assertThat(c).succeeded();
        assertThat(c).hadNoteContaining("[GoroutineChecksUnavailable]");
        Compiles.assertNone(c, CallFromPlainMethodTest.TAG);
        // Anonymous classes have no binary name before attribution: only member classes here.
        assertEquals(List.of("demo/Wrapped a ()V", "demo/Wrapped$Job run ()V"), IndexTest.lines(c));
    }
}
