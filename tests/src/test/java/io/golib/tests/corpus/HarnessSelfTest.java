package io.golib.tests.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The corpus test's harness must be able to fail: {@link LinkCheck} must surface the JVM
 * verifier's verdict and must not run static initializers, and {@link BytecodeCheck} must reject
 * ill-typed code. Without this, a harness that silently never verified would report "0 errors"
 * for any transformer.
 */
class HarnessSelfTest {
    private static final String PKG = "io.golib.tests.corpus.selftest.";

    // areturn of an int: rejected by type checking whatever the frames say.
    @Test
    void illTypedCodeFailsBothVerifiers() {
        byte[] b = straightLine("BadType", mv -> {
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitInsn(Opcodes.ARETURN);
        });
        Throwable t = LinkCheck.link(PKG + "BadType", loader("BadType", b));
        assertInstanceOf(VerifyError.class, t, "JVM verifier must reject BadType, got " + t);
        assertTrue(LinkCheck.isBadClassFile(t));

        List<BytecodeCheck.Failure> f = BytecodeCheck.check(b, loader("BadType", b));
        assertEquals(1, f.size(), "ASM must reject BadType.f: " + f);
        assertEquals("f()Ljava/lang/Object;", f.get(0).method);
        assertFalse(f.get(0).listing().isEmpty());
    }

    // Correct code, but the StackMapTable frame at the branch target claims local 0 is a String:
    // only a verifier that checks frames (HotSpot's, for class files >= 50) sees it.
    @Test
    void badStackMapFrameFailsJvmVerifier() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internal("BadFrame"), null,
                "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "g", "(Z)I", null, null);
        mv.visitCode();
        Label other = new Label();
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitJumpInsn(Opcodes.IFEQ, other);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitLabel(other);
        mv.visitFrame(Opcodes.F_FULL, 1, new Object[] {"java/lang/String"}, 0, null);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        byte[] b = cw.toByteArray();
        Throwable t = LinkCheck.link(PKG + "BadFrame", loader("BadFrame", b));
        assertInstanceOf(VerifyError.class, t, "JVM verifier must reject BadFrame, got " + t);
    }

    // A valid class whose static initializer throws: linking must succeed without running it.
    @Test
    void linkingDoesNotInitialize() {
        byte[] b = straightLine("Clinit", mv -> {
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitInsn(Opcodes.ARETURN);
        }, true);
        CorpusLoader l = loader("Clinit", b);
        assertNull(LinkCheck.link(PKG + "Clinit", l), "Clinit must link");
        assertNull(LinkCheck.link(PKG + "Clinit", l), "Clinit must link again (not initialized)");
        assertTrue(BytecodeCheck.check(b, l).isEmpty());
    }

    // A signature naming a class absent from the class path: a missing dependency, not a bad
    // class file, so the corpus test counts it in the baseline rather than as an error.
    @Test
    void missingDependencyIsNotABadClassFile() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internal("Missing"), null,
                "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "h",
                "()Lio/golib/tests/corpus/selftest/Absent;", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        Throwable t = LinkCheck.link(PKG + "Missing", loader("Missing", cw.toByteArray()));
        assertInstanceOf(NoClassDefFoundError.class, t, "got " + t);
        assertFalse(LinkCheck.isBadClassFile(t));
    }

    // ------------------------------------------------------------------ helpers

    private static String internal(String simple) {
        return (PKG + simple).replace('.', '/');
    }

    private static CorpusLoader loader(String simple, byte[] b) {
        return new CorpusLoader("selftest", Map.of(PKG + simple, b),
                HarnessSelfTest.class.getClassLoader());
    }

    private static byte[] straightLine(String simple, java.util.function.Consumer<MethodVisitor> body) {
        return straightLine(simple, body, false);
    }

    /** A class with {@code static Object f()} made of {@code body}; optionally a throwing clinit. */
    private static byte[] straightLine(String simple, java.util.function.Consumer<MethodVisitor> body,
            boolean throwingClinit) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internal(simple), null,
                "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "f", "()Ljava/lang/Object;", null, null);
        mv.visitCode();
        body.accept(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        if (throwingClinit) {
            MethodVisitor ci = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
            ci.visitCode();
            ci.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
            ci.visitInsn(Opcodes.DUP);
            ci.visitLdcInsn("static initializer ran: LinkCheck must not initialize");
            ci.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                    "(Ljava/lang/String;)V", false);
            ci.visitInsn(Opcodes.ATHROW);
            ci.visitMaxs(0, 0);
            ci.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }
}
