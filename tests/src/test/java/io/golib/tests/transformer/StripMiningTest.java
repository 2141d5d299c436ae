package io.golib.tests.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.agent.ClassSource;
import io.golib.agent.Options;
import io.golib.agent.Transformer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Strip mining, seen in the rewritten bytecode of {@code CountedLoopSubjects} (whose behaviour
 * {@code CountedLoopsTest} checks): each counted loop of an accepted shape has an inner latch (a
 * backward {@code IF_ICMPLT}/{@code IF_ICMPGT}) with no preemption check between its target and
 * itself, and one check per loop outside it; loops whose bound or index is written in the body,
 * or whose body makes a call, keep a check on every back-edge. Runs on javac's class files (the
 * agent rewrites in memory), so in agent mode only.
 */
class StripMiningTest {
    private static final String STACK = "io/golib/runtime/stack/Stack";
    private static final String SUBJECTS = "io.golib.tests.constructs.CountedLoopSubjects";

    /** Every counted loop of an accepted shape; each method has exactly one loop. */
    private static final List<String> MINED = List.of("lt1", "le1", "lt3", "le3", "ltWide",
            "leMaxStep", "gt1", "ge1", "gt3", "ge3", "geMinStep", "ltZero", "leZero", "gtZero",
            "geZero", "ltSipush", "leLdc", "gtBipush", "whileLt", "breakContinue", "mathCall",
            "sumArray", "forEach", "sum", "spin");
    /** Bound or index written in the body. */
    private static final List<String> NOT_MINED = List.of("boundModified", "indexModified",
            "arrayModified");

    @Test
    void everyCountedLoopOfAnAcceptedShapeIsMined() throws IOException {
        ClassNode c = rewrite(bytes(SUBJECTS), Options.DEFAULT);
        for (String name : MINED) {
            MethodNode m = method(c, name + "Go");
            assertEquals(1, innerLatches(m), name + "Go: inner latches");
            assertEquals(1, preemptChecks(m), name + "Go: preemption checks");
        }
    }

    /** The benchmarks' vectorisable loop: nothing in its inner loop but the body and the latch. */
    @Test
    void theVectorisableLoopHasNoCheckInItsInnerLoop() throws IOException {
        MethodNode m = method(rewrite(bytes(SUBJECTS), Options.DEFAULT), "sumGo");
        JumpInsnNode latch = latches(m).get(0);
        InsnList insns = m.instructions;
        List<String> inner = new ArrayList<>();
        for (int i = insns.indexOf(latch.label); i <= insns.indexOf(latch); i++) {
            AbstractInsnNode n = insns.get(i);
            if (n.getOpcode() >= 0) {
                inner.add(Integer.toString(n.getOpcode()));
            }
            if (n instanceof FieldInsnNode || n instanceof MethodInsnNode) {
                throw new AssertionError("sumGo's inner loop touches " + text(n));
            }
        }
        // ILOAD s; ALOAD a; ILOAD i; IALOAD; ILOAD m; IMUL; ICONST_1; IADD; IADD; ISTORE s;
        // IINC i; ILOAD i; ILOAD lim; IF_ICMPLT
        assertEquals(14, inner.size(), "sumGo's inner loop: " + inner);
        int check = indexOfPreemptCheck(m);
        assertTrue(check > insns.indexOf(latch), "sumGo: the one check follows the latch");
    }

    @Test
    void loopsWithANonInvariantBoundOrIndexAreNotMined() throws IOException {
        ClassNode c = rewrite(bytes(SUBJECTS), Options.DEFAULT);
        for (String name : NOT_MINED) {
            MethodNode m = method(c, name + "Go");
            assertEquals(0, innerLatches(m), name + "Go: inner latches");
            assertEquals(1, preemptChecks(m), name + "Go: preemption checks");
            assertEveryBackEdgeChecks(m, name + "Go");
        }
    }

    /** A call may take any time: a chunk would multiply it, so the loop checks every time. */
    @Test
    void aLoopThatMakesACallIsNotMined() throws IOException {
        ClassNode c = rewrite(bytes("io.golib.tests.constructs.CountedLoopsTest"),
                Options.DEFAULT);
        MethodNode m = method(c, "parkEveryIteration");
        assertEquals(0, innerLatches(m), "parkEveryIteration: inner latches");
        assertEveryBackEdgeChecks(m, "parkEveryIteration");
    }

    /** Only innermost loops are mined; the outer one checks on each of its iterations. */
    @Test
    void nestedLoopsMineOnlyTheInnerOne() throws IOException {
        MethodNode m = method(rewrite(bytes(SUBJECTS), Options.DEFAULT), "nestedGo");
        assertEquals(1, innerLatches(m), "nestedGo: inner latches");
        assertEquals(2, preemptChecks(m), "nestedGo: preemption checks (inner chunk, outer)");
    }

    @Test
    void withStripMiningOffEveryBackEdgeChecks() throws IOException {
        ClassNode c = rewrite(bytes(SUBJECTS), Options.DEFAULT.withStripMining(false));
        for (String name : MINED) {
            MethodNode m = method(c, name + "Go");
            assertEquals(0, innerLatches(m), name + "Go: inner latches");
            assertEveryBackEdgeChecks(m, name + "Go");
        }
    }

    /** The invariant of CountedLoopSubjects: each xGo has the same code as its xPlain. */
    @Test
    void twinsHaveTheSameCode() throws IOException {
        ClassNode c = new ClassNode();
        new ClassReader(bytes(SUBJECTS)).accept(c, 0);
        int pairs = 0;
        for (MethodNode go : c.methods) {
            if (!go.name.endsWith("Go") || go.name.equals("spinGo")) {
                continue;
            }
            String base = go.name.substring(0, go.name.length() - 2);
            MethodNode plain = method(c, base + "Plain");
            assertEquals(code(plain), code(go), base + ": Go and Plain twins differ");
            pairs++;
        }
        assertEquals(MINED.size() - 1 + NOT_MINED.size() + 1, pairs, "twin pairs");
    }

    /**
     * In stress mode every call is a suspension point, so the chunk's limit is live across the
     * {@code Math.abs} call inside a mined loop: saved and restored there like any int, the class
     * verifies, and the loop still computes what the plain twin does.
     */
    @Test
    void theLimitIsSavedAcrossASuspensionPointInStressMode() throws Exception {
        byte[] b = transform(bytes(SUBJECTS), Options.DEFAULT.withSuspendEverything(true));
        StringWriter err = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(b), StripMiningTest.class.getClassLoader(), false,
                new PrintWriter(err));
        assertEquals("", err.toString(), "ASM's verifier");
        ClassNode c = new ClassNode();
        new ClassReader(b).accept(c, 0);
        MethodNode m = method(c, "mathCallGo");
        assertEquals(1, innerLatches(m), "mathCallGo: inner latches");
        JumpInsnNode latch = latches(m).get(0);
        int lim = ((VarInsnNode) real(latch.getPrevious(), -1)).var;
        boolean saved = false, restored = false;
        for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
            if (n.getOpcode() == Opcodes.ILOAD && ((VarInsnNode) n).var == lim
                    && isStackCall(real(n.getNext(), 1), "saveI")) {
                saved = true;
            }
            if (isStackCall(n, "restoreI") && real(n.getNext(), 1).getOpcode() == Opcodes.ISTORE
                    && ((VarInsnNode) real(n.getNext(), 1)).var == lim) {
                restored = true;
            }
        }
        assertTrue(saved && restored, "mathCallGo: the limit (local " + lim + ") is saved "
                + saved + ", restored " + restored);
        Class<?> k = new ClassLoader(StripMiningTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(SUBJECTS, b, 0, b.length);
            }
        }.define();
        Method go = k.getDeclaredMethod("mathCallGo", int.class, int.class, int.class);
        Method plain = k.getDeclaredMethod("mathCallPlain", int.class, int.class, int.class);
        go.setAccessible(true);
        plain.setAccessible(true);
        for (int[] ft : new int[][] {{0, 0}, {0, 1}, {0, 1024}, {0, 1025}, {-3, 5000},
                {Integer.MAX_VALUE - 2000, Integer.MAX_VALUE}}) {
            assertEquals(plain.invoke(null, ft[0], ft[1], 10_000),
                    go.invoke(null, ft[0], ft[1], 10_000), "mathCallGo" + ft[0] + ".." + ft[1]);
        }
    }

    /**
     * Strip mining adds ~40 bytes of code per loop. A method that fits in the JVM's 64 KiB
     * rewritten without it, but not with it, is rewritten without it (not left pinned).
     */
    @Test
    void aMethodTooLargeOnceMinedIsRewrittenWithoutStripMining() {
        Options unmined = Options.DEFAULT.withStripMining(false);
        int lo = 1, hi = 4000; // lo fits rewritten, hi does not
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (fits(manyLoops(mid), unmined)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Transformer.Result r = transformer(Options.DEFAULT).transform(manyLoops(lo));
        assertTrue(r.problems().isEmpty(), lo + " loops: " + r.problems());
        assertEquals(1, r.methodsRewritten(), lo + " loops: methods rewritten");
        ClassNode c = new ClassNode();
        new ClassReader(r.bytes()).accept(c, 0);
        assertEquals(0, innerLatches(method(c, "f")), lo + " loops: not mined");
        // half as many fit mined, and are
        Transformer.Result half = transformer(Options.DEFAULT).transform(manyLoops(lo / 2));
        assertTrue(half.problems().isEmpty(), lo / 2 + " loops: " + half.problems());
        c = new ClassNode();
        new ClassReader(half.bytes()).accept(c, 0);
        assertEquals(lo / 2, innerLatches(method(c, "f")), lo / 2 + " loops: mined");
    }

    /** {@code @Goroutine static void f()}: {@code n} times {@code for (i = 0; i < 10; i++);}. */
    private static byte[] manyLoops(int n) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER,
                "io/golib/tests/transformer/ManyLoops", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "f", "()V", null, null);
        mv.visitAnnotation("Lio/golib/Goroutine;", true).visitEnd();
        mv.visitCode();
        for (int k = 0; k < n; k++) {
            Label head = new Label(), exit = new Label();
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, 0);
            mv.visitLabel(head);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitIntInsn(Opcodes.BIPUSH, 10);
            mv.visitJumpInsn(Opcodes.IF_ICMPGE, exit);
            mv.visitIincInsn(0, 1);
            mv.visitJumpInsn(Opcodes.GOTO, head);
            mv.visitLabel(exit);
        }
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static boolean fits(byte[] b, Options o) {
        Transformer.Result r = transformer(o).transform(b);
        return r.problems().isEmpty() && r.methodsRewritten() == 1;
    }

    private static Transformer transformer(Options o) {
        return new Transformer(ClassSource.of(StripMiningTest.class.getClassLoader()), o);
    }

    // =========================================================================================
    // Helpers
    // =========================================================================================

    private static byte[] bytes(String className) throws IOException {
        String res = className.replace('.', '/') + ".class";
        try (InputStream in = StripMiningTest.class.getClassLoader().getResourceAsStream(res)) {
            assertNotNull(in, res);
            byte[] b = in.readAllBytes();
            // in plugin mode the class files on disk are rewritten already: nothing to look at
            Assumptions.assumeFalse(Transformer.isInstrumented(b), res + " is rewritten on disk");
            return b;
        }
    }

    private static byte[] transform(byte[] b, Options o) {
        Transformer.Result r = transformer(o).transform(b);
        assertTrue(r.problems().isEmpty(), "problems: " + r.problems());
        assertTrue(r.changed(), "rewritten");
        return r.bytes();
    }

    private static ClassNode rewrite(byte[] b, Options o) {
        ClassNode c = new ClassNode();
        new ClassReader(transform(b, o)).accept(c, 0);
        return c;
    }

    private static MethodNode method(ClassNode c, String name) {
        for (MethodNode m : c.methods) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name + " in " + c.name);
    }

    /** Backward IF_ICMPLT / IF_ICMPGT with no preemption check between target and jump. */
    private static List<JumpInsnNode> latches(MethodNode m) {
        InsnList insns = m.instructions;
        List<JumpInsnNode> out = new ArrayList<>();
        for (AbstractInsnNode n = insns.getFirst(); n != null; n = n.getNext()) {
            if ((n.getOpcode() == Opcodes.IF_ICMPLT || n.getOpcode() == Opcodes.IF_ICMPGT)
                    && insns.indexOf(((JumpInsnNode) n).label) < insns.indexOf(n)
                    && !checksBetween(m, ((JumpInsnNode) n).label, n)) {
                out.add((JumpInsnNode) n);
            }
        }
        return out;
    }

    private static int innerLatches(MethodNode m) {
        return latches(m).size();
    }

    /**
     * Every back-edge of the method's own code checks: each backward jump that lies before the
     * rewriter's out-of-line blocks (the first unwind block, after the last original
     * instruction) has a preemption check between its target and itself.
     */
    private static void assertEveryBackEdgeChecks(MethodNode m, String what) {
        InsnList insns = m.instructions;
        int edges = 0;
        for (AbstractInsnNode n = insns.getFirst(); n != null; n = n.getNext()) {
            if (n instanceof JumpInsnNode && insns.indexOf(n) < firstOutOfLine(m)
                    && insns.indexOf(((JumpInsnNode) n).label) < insns.indexOf(n)) {
                edges++;
                assertTrue(checksBetween(m, ((JumpInsnNode) n).label, n),
                        what + ": an unchecked back-edge " + text(n));
            }
        }
        assertTrue(edges > 0, what + ": found no back-edge");
    }

    /** Index of the first out-of-line block: the method's last return or throw before it ends. */
    private static int firstOutOfLine(MethodNode m) {
        InsnList insns = m.instructions;
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode n = insns.get(i);
            if (n instanceof MethodInsnNode && ((MethodInsnNode) n).owner.equals(STACK)
                    && ((MethodInsnNode) n).name.equals("beginFrame")) {
                return i;
            }
        }
        return insns.size();
    }

    private static boolean checksBetween(MethodNode m, AbstractInsnNode from,
            AbstractInsnNode to) {
        for (AbstractInsnNode n = from; n != to; n = n.getNext()) {
            if (isPreemptLoad(n)) {
                return true;
            }
        }
        return false;
    }

    private static int preemptChecks(MethodNode m) {
        int n = 0;
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (isPreemptLoad(i)) {
                n++;
            }
        }
        return n;
    }

    private static int indexOfPreemptCheck(MethodNode m) {
        for (int i = 0; i < m.instructions.size(); i++) {
            if (isPreemptLoad(m.instructions.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isPreemptLoad(AbstractInsnNode n) {
        return n.getOpcode() == Opcodes.GETFIELD && ((FieldInsnNode) n).owner.equals(STACK)
                && ((FieldInsnNode) n).name.equals("preempt");
    }

    private static boolean isStackCall(AbstractInsnNode n, String name) {
        return n instanceof MethodInsnNode && ((MethodInsnNode) n).owner.equals(STACK)
                && ((MethodInsnNode) n).name.equals(name);
    }

    /** The nearest real instruction from {@code n} on, forwards (+1) or backwards (-1). */
    private static AbstractInsnNode real(AbstractInsnNode n, int dir) {
        while (n != null && n.getOpcode() < 0) {
            n = dir > 0 ? n.getNext() : n.getPrevious();
        }
        return n;
    }

    /** The method's real instructions, one per line, jumps as relative instruction counts. */
    private static String code(MethodNode m) {
        InsnList insns = m.instructions;
        Map<Integer, Integer> realIndex = new TreeMap<>();
        int k = 0;
        for (int i = 0; i < insns.size(); i++) {
            realIndex.put(i, k);
            if (insns.get(i).getOpcode() >= 0) {
                k++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode n = insns.get(i);
            if (n.getOpcode() < 0) {
                continue;
            }
            sb.append(text(n));
            if (n instanceof JumpInsnNode) {
                sb.append(" -> ").append(
                        realIndex.get(insns.indexOf(((JumpInsnNode) n).label)) - realIndex.get(i));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String text(AbstractInsnNode n) {
        String s = "op" + n.getOpcode();
        if (n instanceof VarInsnNode) {
            s += " " + ((VarInsnNode) n).var;
        } else if (n instanceof IincInsnNode) {
            s += " " + ((IincInsnNode) n).var + " " + ((IincInsnNode) n).incr;
        } else if (n instanceof IntInsnNode) {
            s += " " + ((IntInsnNode) n).operand;
        } else if (n instanceof LdcInsnNode) {
            s += " " + ((LdcInsnNode) n).cst;
        } else if (n instanceof FieldInsnNode) {
            s += " " + ((FieldInsnNode) n).owner + "." + ((FieldInsnNode) n).name;
        } else if (n instanceof MethodInsnNode) {
            s += " " + ((MethodInsnNode) n).owner + "." + ((MethodInsnNode) n).name
                    + ((MethodInsnNode) n).desc;
        } else if (n instanceof TypeInsnNode) {
            s += " " + ((TypeInsnNode) n).desc;
        }
        return s;
    }
}
