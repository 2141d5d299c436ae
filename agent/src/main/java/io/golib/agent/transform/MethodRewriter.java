package io.golib.agent.transform;

import io.golib.agent.analysis.Liveness;
import io.golib.agent.analysis.Monitors;
import io.golib.agent.analysis.TypedInterpreter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Rewrites one suspendable method into a resumable state machine (see {@code Stack} in the
 * runtime for the protocol it speaks). The shape, for a method with call sites {@code k}:
 *
 * <pre>
 *   prologue:  P = 0; S = Stack.current();
 *              if (S != null) { sig = S.signal; S.signal = IDLE;
 *                               if (sig == RESUME) goto resume;          // re-entered by the driver
 *                               if (sig != own key) P = 1; }             // pinned entry
 *   site k:    [below][args]  S = Stack.current(); if (S != null) S.signal = key(callee);
 *              INVOKE callee  → [below][result]
 *              if (S != null &amp;&amp; S.signal != IDLE) { if (S.signal == UNWIND) goto U_k; S.signal = IDLE; }
 *              goto C_k;  T_k: athrow;  C_k: ...                          // T_k sits in the call's try ranges
 *   U_k:       pop result; if (P || monitor held) goto W_k;
 *              spill [below]; S.beginFrame(site_k, this, nP, nR); S.saveX(live locals, below);
 *              return dummy
 *   W_k:       S.rewind(); t = S.takeThrown(); if (t) goto T_k; push S.retX(); goto C_k
 *   resume:    switch (S.resumePoint()) { case k: goto R_k }
 *   R_k:       locals = S.restoreX(); push [below] = S.restoreX(); S.endRestore();
 *              t = S.takeThrown(); if (t) goto T_k; push S.retX(); goto C_k
 * </pre>
 *
 * Loop back-edges get a safepoint first: {@code if (S != null && S.preempt)
 * Continuation.yieldNow();}, itself a call site like the others. Counted innermost loops are
 * strip-mined first ({@link CountedLoops}): an inner latch runs chunks of up to
 * {@link CountedLoops#CHUNK} iterations with no check, and only the back-edge to the loop head
 * (once per chunk) gets the safepoint, so C2 can still unroll and vectorise the loop.
 *
 * <p>Frames are not maintained here: the class is written with {@code COMPUTE_FRAMES}.
 */
final class MethodRewriter {
    /** The bootstrap of every save site's {@code invokedynamic}: it links the site's FrameSite. */
    private static final Handle FRAME_SITE_BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC,
            Abi.FRAME_SITE, Abi.FRAME_SITE_BOOTSTRAP, Abi.FRAME_SITE_BOOTSTRAP_DESC, false);

    private final ClassRewriter.Context cls;
    private final MethodNode m;
    private final int methodIndex;
    private final int[] acceptedKeys;
    private final Predicate<AbstractInsnNode> isSuspensionCall;
    private final boolean stripMining;

    private int stackVar;
    private int pinnedVar;
    private final List<Site> sites = new ArrayList<>();

    /** One suspension point. */
    private static final class Site {
        MethodInsnNode call;
        int line = -1;
        boolean monitor;
        /** False for a call in dead code: left alone, its resume point is never saved. */
        boolean reachable;
        /** Saved locals: slot and kind. */
        final List<int[]> locals = new ArrayList<>();
        final List<BasicValue> localValues = new ArrayList<>();
        /** Operand-stack values under the call's arguments, bottom first. */
        final List<BasicValue> below = new ArrayList<>();
        /** How many of the saved values (locals and below) are primitives, and references. */
        int prims;
        int refs;
        final LabelNode throwLabel = new LabelNode();
        final LabelNode cont = new LabelNode();
        final LabelNode unwind = new LabelNode();
        final LabelNode rewind = new LabelNode();
        final LabelNode restore = new LabelNode();
    }

    MethodRewriter(ClassRewriter.Context cls, MethodNode m, int methodIndex, int[] acceptedKeys,
            Predicate<AbstractInsnNode> isSuspensionCall, boolean stripMining) {
        this.cls = cls;
        this.m = m;
        this.methodIndex = methodIndex;
        this.acceptedKeys = acceptedKeys;
        this.isSuspensionCall = isSuspensionCall;
        this.stripMining = stripMining;
    }

    /**
     * For goroutine dumps: one line per reachable site, {@code point \t method \t line}, where
     * {@code point} is what the frame record holds.
     */
    String siteTable() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < sites.size(); k++) {
            Site s = sites.get(k);
            if (s.reachable) {
                sb.append(methodIndex << 16 | k).append('\t').append(m.name).append('\t')
                        .append(s.line).append('\n');
            }
        }
        return sb.toString();
    }

    /** Rewrites the method; returns false (method untouched) if it has no suspension point. */
    boolean rewrite() throws RewriteException {
        InsnList insns = m.instructions;
        List<AbstractInsnNode> backEdges = cls.options.safepoints() ? backEdges() : List.of();
        boolean any = !backEdges.isEmpty();
        for (AbstractInsnNode i = insns.getFirst(); i != null && !any; i = i.getNext()) {
            any = isSuspensionCall.test(i);
        }
        if (!any) {
            return false;
        }
        if (!backEdges.isEmpty() && stripMining) {
            Set<AbstractInsnNode> latches = CountedLoops.stripMine(m);
            if (!latches.isEmpty()) {
                backEdges = backEdges();
                backEdges.removeIf(latches::contains); // checked once per chunk, at the head
            }
        }
        String relocation = NewRelocation.apply(cls.name, m, isSuspensionCall);
        if (relocation != null) {
            throw new RewriteException(relocation, -1);
        }
        stackVar = m.maxLocals;
        pinnedVar = m.maxLocals + 1;
        m.maxLocals += 2;

        // minimal prologue, so the analysis types S and P
        InsnList pro = new InsnList();
        pro.add(new InsnNode(Opcodes.ICONST_0));
        pro.add(new VarInsnNode(Opcodes.ISTORE, pinnedVar));
        pro.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Abi.STACK, Abi.CURRENT, Abi.CURRENT_DESC));
        VarInsnNode storeS = new VarInsnNode(Opcodes.ASTORE, stackVar);
        pro.add(storeS);
        insns.insert(pro);

        List<MethodInsnNode> calls = new ArrayList<>();
        for (AbstractInsnNode edge : backEdges) {
            calls.add(insertSafepoint(edge));
        }
        for (AbstractInsnNode i = insns.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof MethodInsnNode && (calls.contains(i) || (isSuspensionCall.test(i)
                    && !((MethodInsnNode) i).owner.equals(Abi.STACK)))) {
                Site s = new Site();
                s.call = (MethodInsnNode) i;
                sites.add(s);
            }
        }
        if (sites.size() > 0xffff) {
            throw new RewriteException("more than 65535 suspension points in one method", -1);
        }
        m.maxStack += 2; // room for the prologue and the safepoint guards during analysis
        analyze();
        for (int k = 0; k < sites.size(); k++) {
            emitSite(k, sites.get(k));
        }
        emitPrologue(storeS);
        return true;
    }

    // =========================================================================================
    // Analysis
    // =========================================================================================

    private List<AbstractInsnNode> backEdges() {
        InsnList insns = m.instructions;
        List<AbstractInsnNode> out = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            boolean back = false;
            if (insn instanceof JumpInsnNode) {
                back = insns.indexOf(((JumpInsnNode) insn).label) <= i;
            } else if (insn instanceof TableSwitchInsnNode) {
                TableSwitchInsnNode t = (TableSwitchInsnNode) insn;
                back = insns.indexOf(t.dflt) <= i;
                for (LabelNode l : t.labels) {
                    back |= insns.indexOf(l) <= i;
                }
            } else if (insn instanceof LookupSwitchInsnNode) {
                LookupSwitchInsnNode t = (LookupSwitchInsnNode) insn;
                back = insns.indexOf(t.dflt) <= i;
                for (LabelNode l : t.labels) {
                    back |= insns.indexOf(l) <= i;
                }
            }
            if (back && insn.getOpcode() != Opcodes.JSR) {
                out.add(insn);
            }
        }
        return out;
    }

    /** {@code if (S != null && S.preempt) Continuation.yieldNow();} before a back-edge. */
    private MethodInsnNode insertSafepoint(AbstractInsnNode edge) {
        InsnList g = new InsnList();
        LabelNode skip = new LabelNode();
        g.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        g.add(new JumpInsnNode(Opcodes.IFNULL, skip));
        g.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        g.add(new FieldInsnNode(Opcodes.GETFIELD, Abi.STACK, Abi.PREEMPT, "Z"));
        g.add(new JumpInsnNode(Opcodes.IFEQ, skip));
        MethodInsnNode call = new MethodInsnNode(Opcodes.INVOKESTATIC, Abi.CONTINUATION, Abi.YIELD,
                Abi.YIELD_DESC);
        g.add(call);
        g.add(skip);
        m.instructions.insertBefore(edge, g);
        return call;
    }

    private void analyze() throws RewriteException {
        Frame<BasicValue>[] frames;
        try {
            frames = new Analyzer<>(cls.interpreter()).analyze(cls.name, m);
        } catch (AnalyzerException e) {
            throw new RewriteException("cannot analyze the method: " + e.getMessage(),
                    e.node == null ? -1 : lineOf(e.node));
        }
        Liveness live = Liveness.of(m);
        Monitors monitors = Monitors.of(m);
        boolean synced = (m.access & Opcodes.ACC_SYNCHRONIZED) != 0;
        boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        boolean thisFixed = !isStatic && !storesTo(0);
        InsnList insns = m.instructions;
        for (Site s : sites) {
            int idx = insns.indexOf(s.call);
            Frame<BasicValue> f = frames[idx];
            s.line = lineOf(s.call);
            if (f == null) {
                continue; // dead code: nothing to rewrite
            }
            s.reachable = true;
            s.monitor = synced || monitors.heldAt(idx) > 0;
            BitSet liveOut = live.liveOut(idx);
            for (int v = 0; v < stackVar; v++) {
                BasicValue value = f.getLocal(v);
                if (value == null || value.getType() == null) {
                    continue;
                }
                if (v == 0 && thisFixed) {
                    continue; // the dispatcher passes the receiver back in
                }
                if (liveOut.get(v)) {
                    s.locals.add(new int[] {v, kindOf(value, s)});
                    s.localValues.add(value);
                }
                if (value.getSize() == 2) {
                    v++;
                }
            }
            int args = Type.getArgumentTypes(s.call.desc).length
                    + (s.call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
            for (int i = 0; i < f.getStackSize() - args; i++) {
                BasicValue value = f.getStack(i);
                kindOf(value, s);
                s.below.add(value);
            }
            s.prims = countLive(s, true);
            s.refs = countLive(s, false);
        }
    }

    private boolean storesTo(int slot) {
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof VarInsnNode && ((VarInsnNode) i).var == slot
                    && i.getOpcode() >= Opcodes.ISTORE && i.getOpcode() <= Opcodes.ASTORE) {
                return true;
            }
            if (i instanceof org.objectweb.asm.tree.IincInsnNode
                    && ((org.objectweb.asm.tree.IincInsnNode) i).var == slot) {
                return true;
            }
        }
        return false;
    }

    /** Like {@link #kind} but says why a value cannot be saved, at the site's line. */
    private static int kindOf(BasicValue v, Site s) throws RewriteException {
        Type t = v.getType();
        if (t == null) {
            throw new RewriteException("an uninitialized value is live across a suspension point",
                    s.line);
        }
        if (t.getSort() == Type.VOID || t.getSort() == Type.METHOD) {
            throw new RewriteException("a subroutine return address (JSR) is live across a"
                    + " suspension point; recompile the class for Java 7 or later", s.line);
        }
        return kind(v);
    }

    /**
     * 'I', 'J', 'F', 'D', 'A' (a reference) or 'N' (the null constant), for a value
     * {@link #kindOf} already accepted during analysis.
     */
    private static int kind(BasicValue v) {
        Type t = v.getType();
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return 'I';
            case Type.FLOAT:
                return 'F';
            case Type.LONG:
                return 'J';
            case Type.DOUBLE:
                return 'D';
            case Type.ARRAY:
                return 'A';
            case Type.OBJECT:
                return t.getInternalName().equals("null") ? 'N' : 'A';
            default:
                throw new IllegalStateException("kind: unexpected value " + v);
        }
    }

    static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
            if (i instanceof LineNumberNode) {
                return ((LineNumberNode) i).line;
            }
        }
        return -1;
    }

    // =========================================================================================
    // Emission
    // =========================================================================================

    /** The live primitive (or reference) values a site saves: locals, then the stack below. */
    private int countLive(Site s, boolean primitive) {
        int n = 0;
        for (int[] l : s.locals) {
            if (l[1] != 'N' && (l[1] == 'A') != primitive) {
                n++;
            }
        }
        for (BasicValue v : s.below) {
            int kind = kind(v);
            if (kind != 'N' && (kind == 'A') != primitive) {
                n++;
            }
        }
        return n;
    }

    private void emitSite(int k, Site s) {
        if (!s.reachable) {
            return;
        }
        InsnList insns = m.instructions;
        MethodInsnNode call = s.call;
        int key = Abi.key(call.name, call.desc);

        InsnList arm = new InsnList();
        LabelNode armed = new LabelNode();
        // S is read again here rather than reused from the prologue: the same value (a frame runs
        // on one carrier between parks), but a load the JIT can merge with the inlined callee's
        // prologue load, so it sees one stack and folds the arm, the callee's check and the
        // check after the return away. Reusing the local, it cannot: a volatile load (a loop's
        // safepoint) between the prologue and the call keeps the two loads apart.
        arm.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Abi.STACK, Abi.CURRENT, Abi.CURRENT_DESC));
        arm.add(new InsnNode(Opcodes.DUP));
        arm.add(new VarInsnNode(Opcodes.ASTORE, stackVar));
        arm.add(new JumpInsnNode(Opcodes.IFNULL, armed));
        arm.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        arm.add(new LdcInsnNode(key));
        arm.add(new FieldInsnNode(Opcodes.PUTFIELD, Abi.STACK, Abi.SIGNAL, "I"));
        arm.add(armed);
        LabelNode callStart = new LabelNode();
        arm.add(callStart);
        insns.insertBefore(call, arm);

        InsnList post = new InsnList();
        LabelNode callEnd = new LabelNode();
        post.add(callEnd);
        post.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        post.add(new JumpInsnNode(Opcodes.IFNULL, s.cont));
        post.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        post.add(new FieldInsnNode(Opcodes.GETFIELD, Abi.STACK, Abi.SIGNAL, "I"));
        post.add(new JumpInsnNode(Opcodes.IFEQ, s.cont));
        post.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        post.add(new FieldInsnNode(Opcodes.GETFIELD, Abi.STACK, Abi.SIGNAL, "I"));
        post.add(new InsnNode(Opcodes.ICONST_M1));
        post.add(new JumpInsnNode(Opcodes.IF_ICMPEQ, s.unwind));
        post.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        post.add(new InsnNode(Opcodes.ICONST_0));
        post.add(new FieldInsnNode(Opcodes.PUTFIELD, Abi.STACK, Abi.SIGNAL, "I"));
        post.add(new JumpInsnNode(Opcodes.GOTO, s.cont));
        post.add(s.throwLabel);
        post.add(new InsnNode(Opcodes.ATHROW));
        // Disarm on the way out: an exception from the call (even before the callee's prologue
        // ran, e.g. a null receiver) must not leave this call's key armed, or a later entry of a
        // same-named method from a frame that was not rewritten would take it for its caller's.
        // Inside the call's own try ranges, so the rethrow reaches the same handlers; first in
        // the table, so it runs before them.
        LabelNode disarm = new LabelNode();
        LabelNode rethrow = new LabelNode();
        post.add(disarm);
        post.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        post.add(new JumpInsnNode(Opcodes.IFNULL, rethrow));
        post.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        post.add(new InsnNode(Opcodes.ICONST_0));
        post.add(new FieldInsnNode(Opcodes.PUTFIELD, Abi.STACK, Abi.SIGNAL, "I"));
        post.add(rethrow);
        post.add(new InsnNode(Opcodes.ATHROW));
        post.add(s.cont);
        insns.insert(call, post);
        m.tryCatchBlocks.add(0, new TryCatchBlockNode(callStart, callEnd, disarm, null));

        Type ret = Type.getReturnType(call.desc);
        int point = methodIndex << 16 | k;
        InsnList out = new InsnList();

        // U_k: unwind
        out.add(s.unwind);
        line(out, s.line);
        if (ret.getSize() == 2) {
            out.add(new InsnNode(Opcodes.POP2));
        } else if (ret.getSize() == 1) {
            out.add(new InsnNode(Opcodes.POP));
        }
        if (s.monitor) {
            out.add(new JumpInsnNode(Opcodes.GOTO, s.rewind));
        } else {
            out.add(new VarInsnNode(Opcodes.ILOAD, pinnedVar));
            out.add(new JumpInsnNode(Opcodes.IFNE, s.rewind));
            emitSave(out, s, point);
        }

        // W_k: this frame cannot return into its caller; block and run the frames above
        out.add(s.rewind);
        out.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Abi.STACK, Abi.REWIND, "()V"));
        emitDeliver(out, s, ret);

        // R_k: restore
        out.add(s.restore);
        line(out, s.line);
        for (int i = 0; i < s.locals.size(); i++) {
            int[] l = s.locals.get(i);
            emitRestoreValue(out, (char) l[1], s.localValues.get(i));
            out.add(new VarInsnNode(storeOpcode((char) l[1]), l[0]));
        }
        for (BasicValue v : s.below) {
            emitRestoreValue(out, (char) kind(v), v);
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Abi.STACK, Abi.END_RESTORE, "()V"));
        emitDeliver(out, s, ret);

        insns.add(out);
    }

    /** Spill the stack under the arguments, write the frame record, return a dummy. */
    private void emitSave(InsnList out, Site s, int point) {
        int temp = m.maxLocals;
        int[] slots = new int[s.below.size()];
        for (int i = 0; i < s.below.size(); i++) {
            slots[i] = temp;
            temp += s.below.get(i).getSize();
        }
        m.maxLocals = Math.max(m.maxLocals, temp);
        for (int i = s.below.size() - 1; i >= 0; i--) {
            char kind = (char) kind(s.below.get(i));
            if (kind == 'N') {
                out.add(new InsnNode(Opcodes.POP));
            } else {
                out.add(new VarInsnNode(storeOpcode(kind), slots[i]));
            }
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        out.add(new InvokeDynamicInsnNode("site", "()" + Abi.FRAME_SITE_DESC, FRAME_SITE_BOOTSTRAP,
                new Handle(Opcodes.H_INVOKESTATIC, cls.name, Abi.DISPATCHER, Abi.DISPATCHER_DESC,
                        cls.isInterface),
                point, isStatic ? 0 : 1, s.prims, s.refs));
        if (isStatic) {
            out.add(new InsnNode(Opcodes.ACONST_NULL));
        } else {
            out.add(new VarInsnNode(Opcodes.ALOAD, 0));
        }
        out.add(new LdcInsnNode(s.prims));
        out.add(new LdcInsnNode(s.refs));
        out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Abi.STACK, Abi.BEGIN_FRAME,
                Abi.BEGIN_FRAME_DESC));
        for (int[] l : s.locals) {
            emitSaveValue(out, (char) l[1], l[0]);
        }
        for (int i = 0; i < s.below.size(); i++) {
            emitSaveValue(out, (char) kind(s.below.get(i)), slots[i]);
        }
        Type r = Type.getReturnType(m.desc);
        switch (r.getSort()) {
            case Type.VOID:
                break;
            case Type.LONG:
                out.add(new InsnNode(Opcodes.LCONST_0));
                break;
            case Type.FLOAT:
                out.add(new InsnNode(Opcodes.FCONST_0));
                break;
            case Type.DOUBLE:
                out.add(new InsnNode(Opcodes.DCONST_0));
                break;
            case Type.OBJECT:
            case Type.ARRAY:
                out.add(new InsnNode(Opcodes.ACONST_NULL));
                break;
            default:
                out.add(new InsnNode(Opcodes.ICONST_0));
        }
        out.add(new InsnNode(r.getOpcode(Opcodes.IRETURN)));
    }

    private void emitSaveValue(InsnList out, char kind, int slot) {
        if (kind == 'N') {
            return;
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        out.add(new VarInsnNode(loadOpcode(kind), slot));
        out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Abi.STACK, "save" + kind,
                "(" + Abi.kindDesc(kind) + ")V"));
    }

    private void emitRestoreValue(InsnList out, char kind, BasicValue v) {
        if (kind == 'N') {
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            return;
        }
        out.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Abi.STACK, "restore" + kind,
                "()" + Abi.kindDesc(kind)));
        if (kind == 'A') {
            cast(out, v.getType());
        }
    }

    /** After a resume or a rewind: rethrow at the call site, or push the callee's result. */
    private void emitDeliver(InsnList out, Site s, Type ret) {
        out.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Abi.STACK, Abi.TAKE_THROWN,
                "()Ljava/lang/Throwable;"));
        out.add(new InsnNode(Opcodes.DUP));
        out.add(new JumpInsnNode(Opcodes.IFNONNULL, s.throwLabel));
        out.add(new InsnNode(Opcodes.POP));
        if (ret.getSort() != Type.VOID) {
            char kind = Abi.kind(ret);
            out.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
            out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Abi.STACK, "ret" + kind,
                    "()" + Abi.kindDesc(kind)));
            if (kind == 'A') {
                cast(out, ret);
            }
        }
        out.add(new JumpInsnNode(Opcodes.GOTO, s.cont));
    }

    private static void cast(InsnList out, Type t) {
        if (t.getSort() == Type.ARRAY) {
            out.add(new TypeInsnNode(Opcodes.CHECKCAST, t.getDescriptor()));
        } else if (!t.getInternalName().equals("java/lang/Object")) {
            out.add(new TypeInsnNode(Opcodes.CHECKCAST, t.getInternalName()));
        }
    }

    private void emitPrologue(VarInsnNode storeS) {
        InsnList insns = m.instructions;
        LabelNode body = new LabelNode();
        LabelNode direct = new LabelNode();
        LabelNode clear = new LabelNode();
        LabelNode resume = new LabelNode();
        LabelNode bad = new LabelNode();
        InsnList p = new InsnList();
        p.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        p.add(new JumpInsnNode(Opcodes.IFNULL, body));
        p.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        p.add(new FieldInsnNode(Opcodes.GETFIELD, Abi.STACK, Abi.SIGNAL, "I"));
        for (int key : acceptedKeys) {
            p.add(new InsnNode(Opcodes.DUP));
            p.add(new LdcInsnNode(key));
            p.add(new JumpInsnNode(Opcodes.IF_ICMPEQ, direct));
        }
        p.add(new InsnNode(Opcodes.DUP));
        p.add(new LdcInsnNode(Abi.RESUME));
        p.add(new JumpInsnNode(Opcodes.IF_ICMPEQ, resume));
        p.add(new InsnNode(Opcodes.POP));
        p.add(new InsnNode(Opcodes.ICONST_1));
        p.add(new VarInsnNode(Opcodes.ISTORE, pinnedVar));
        p.add(new JumpInsnNode(Opcodes.GOTO, clear));
        p.add(direct);
        p.add(new InsnNode(Opcodes.POP));
        p.add(clear);
        p.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        p.add(new InsnNode(Opcodes.ICONST_0));
        p.add(new FieldInsnNode(Opcodes.PUTFIELD, Abi.STACK, Abi.SIGNAL, "I"));
        p.add(body);
        insns.insert(storeS, p);

        InsnList r = new InsnList();
        r.add(resume);
        r.add(new InsnNode(Opcodes.POP));
        r.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        r.add(new InsnNode(Opcodes.ICONST_0));
        r.add(new FieldInsnNode(Opcodes.PUTFIELD, Abi.STACK, Abi.SIGNAL, "I"));
        r.add(new VarInsnNode(Opcodes.ALOAD, stackVar));
        r.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Abi.STACK, Abi.RESUME_POINT, "()I"));
        LabelNode[] targets = new LabelNode[sites.size()];
        for (int k = 0; k < targets.length; k++) {
            targets[k] = sites.get(k).reachable ? sites.get(k).restore : bad;
        }
        r.add(new TableSwitchInsnNode(0, targets.length - 1, bad, targets));
        r.add(bad);
        r.add(new InsnNode(Opcodes.ICONST_M1));
        r.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Abi.STACK, Abi.BAD_RESUME_POINT,
                Abi.BAD_RESUME_POINT_DESC));
        r.add(new InsnNode(Opcodes.ATHROW));
        insns.add(r);
    }

    private static void line(InsnList out, int line) {
        if (line > 0) {
            LabelNode l = new LabelNode();
            out.add(l);
            out.add(new LineNumberNode(line, l));
        }
    }

    private static int storeOpcode(char kind) {
        switch (kind) {
            case 'I':
                return Opcodes.ISTORE;
            case 'J':
                return Opcodes.LSTORE;
            case 'F':
                return Opcodes.FSTORE;
            case 'D':
                return Opcodes.DSTORE;
            default:
                return Opcodes.ASTORE;
        }
    }

    private static int loadOpcode(char kind) {
        return storeOpcode(kind) - (Opcodes.ISTORE - Opcodes.ILOAD);
    }

    /** A reason this method cannot be rewritten, at a source line. */
    static final class RewriteException extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        RewriteException(String message, int line) {
            super(message);
            this.line = line;
        }
    }
}
