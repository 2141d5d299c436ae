package io.golib.tests.corpus;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;
import org.objectweb.asm.util.CheckClassAdapter;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * ASM's second opinion on a class file, method by method: what {@code CheckClassAdapter.verify}
 * does (an {@link Analyzer} over a {@link SimpleVerifier} that loads types through a class
 * loader), but returning each failing method with its message instead of printing, plus a
 * structural pass through {@link CheckClassAdapter} (names, descriptors, opcodes, labels).
 *
 * <p>ASM's verifier is independent of HotSpot's: it ignores the StackMapTable and recomputes
 * types by data-flow, so it catches a wrong instruction even where a matching wrong frame would
 * fool a frame-trusting reader, and it names the instruction.
 */
final class BytecodeCheck {
    private BytecodeCheck() {}

    /** One method ASM rejected. */
    static final class Failure {
        final String className;
        final String method;
        final String message;
        final MethodNode node;
        /** ASM could not load a type it had to compare (absent from the class path). */
        final boolean missingType;

        Failure(String className, String method, String message, MethodNode node, boolean missingType) {
            this.className = className;
            this.method = method;
            this.message = message;
            this.node = node;
            this.missingType = missingType;
        }

        /** The method's bytecode as text (Textifier), for reports. */
        String listing() {
            return node == null ? "" : textify(node);
        }

        @Override
        public String toString() {
            return className + "." + method + ": " + message;
        }
    }

    /**
     * Checks every method of {@code classFile}; {@code loader} resolves the types the verifier
     * must compare (give it the loader the class is meant to be defined in).
     */
    static List<Failure> check(byte[] classFile, ClassLoader loader) {
        List<Failure> out = new ArrayList<>();
        ClassNode cn = new ClassNode();
        ClassReader cr = new ClassReader(classFile);
        cr.accept(cn, 0);
        String dotted = cn.name.replace('/', '.');
        try {
            cr.accept(new CheckClassAdapter(new ClassNode(), false), 0);
        } catch (RuntimeException e) {
            out.add(new Failure(dotted, "<structure>", String.valueOf(e.getMessage()), null, false));
        }
        Type superType = cn.superName == null ? null : Type.getObjectType(cn.superName);
        List<Type> interfaces = new ArrayList<>();
        for (String i : cn.interfaces) {
            interfaces.add(Type.getObjectType(i));
        }
        boolean isInterface = (cn.access & Opcodes.ACC_INTERFACE) != 0;
        for (MethodNode mn : cn.methods) {
            if (mn.instructions.size() == 0) {
                continue;
            }
            SimpleVerifier verifier = new SimpleVerifier(
                    Opcodes.ASM9, Type.getObjectType(cn.name), superType, interfaces, isInterface) {};
            verifier.setClassLoader(loader);
            Analyzer<BasicValue> analyzer = new Analyzer<>(verifier);
            try {
                analyzer.analyze(cn.name, mn);
            } catch (AnalyzerException | RuntimeException e) {
                out.add(new Failure(dotted, mn.name + mn.desc,
                        e.getClass().getSimpleName() + ": " + e.getMessage(), mn, missingType(e)));
            }
        }
        return out;
    }

    /** SimpleVerifier reports a class it cannot load as a TypeNotPresentException. */
    private static boolean missingType(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TypeNotPresentException) {
                return true;
            }
        }
        return false;
    }

    static String textify(MethodNode mn) {
        Textifier t = new Textifier();
        TraceMethodVisitor tmv = new TraceMethodVisitor(t);
        mn.accept(tmv);
        StringWriter sw = new StringWriter();
        try (PrintWriter pw = new PrintWriter(sw)) {
            t.print(pw);
        }
        return sw.toString();
    }
}
