package io.golib.agent;

import io.golib.agent.analysis.Hierarchy;
import io.golib.agent.transform.ClassRewriter;
import java.util.List;

/**
 * The one rewriter behind every delivery (the {@code -javaagent}, the Maven plugin, the command
 * line): turns the suspendable methods of a class into resumable state machines.
 *
 * <pre>{@code
 * Transformer t = new Transformer(ClassSource.of(loader));
 * Transformer.Result r = t.transform(classFileBytes);
 * if (!r.problems().isEmpty()) report(r.problems());
 * byte[] out = r.changed() ? r.bytes() : classFileBytes;
 * }</pre>
 *
 * <p>Thread-safe: one instance may serve many threads; it caches what it learns about the class
 * hierarchy of its {@link ClassSource}.
 */
public final class Transformer {
    private final Hierarchy hierarchy;
    private final Options options;

    /** A transformer with {@link Options#DEFAULT}. */
    public Transformer(ClassSource source) {
        this(source, Options.DEFAULT);
    }

    public Transformer(ClassSource source, Options options) {
        this.hierarchy = new Hierarchy(source);
        this.options = options;
    }

    /**
     * Rewrites {@code classFile}. Classes with nothing suspendable, and classes already rewritten,
     * come back unchanged ({@link Result#changed()} false), decided from the constant pool without
     * building a tree where possible. Problems (a suspension point the transformer must refuse)
     * are reported with the rest of the class still rewritten; the refused call then blocks its
     * carrier instead of parking.
     */
    public Result transform(byte[] classFile) {
        return ClassRewriter.rewrite(classFile, hierarchy, options);
    }

    /** Whether {@code classFile} was already rewritten by golib. */
    public static boolean isInstrumented(byte[] classFile) {
        return ClassRewriter.isInstrumented(classFile);
    }

    /** What {@link #transform} did. */
    public static final class Result {
        private final byte[] bytes;
        private final List<Problem> problems;
        private final int methods;

        public Result(byte[] bytes, List<Problem> problems, int methods) {
            this.bytes = bytes;
            this.problems = List.copyOf(problems);
            this.methods = methods;
        }

        /** The rewritten class file, or {@code null} if unchanged. */
        public byte[] bytes() {
            return bytes;
        }

        public boolean changed() {
            return bytes != null;
        }

        /** What had to be refused; empty when all went well. */
        public List<Problem> problems() {
            return problems;
        }

        /** How many methods were rewritten. */
        public int methodsRewritten() {
            return methods;
        }
    }
}
