package io.golib.agent.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Loop strip mining: counted loops check for preemption once per chunk of {@link #CHUNK}
 * iterations instead of on every back-edge, so that C2 can still unroll and vectorise them.
 * Runs on a suspendable method before {@link MethodRewriter} puts safepoints on its back-edges;
 * the rewriter leaves the inner back-edges this pass returns without one. HotSpot does the same
 * for its own safepoint polls in counted loops ({@code -XX:LoopStripMiningIter}, 1000 by
 * default); here it is done in bytecode because the check is a volatile load of
 * {@code Stack.preempt}, which C2 may not hoist and which stops unrolling and SuperWord.
 *
 * <h2>The shape accepted</h2>
 * As javac emits {@code for} and {@code while} loops on an int (every release 8–25; the
 * enhanced {@code for} over an array is the same with a hidden length local):
 * <pre>
 *   H:  ILOAD i; &lt;bound&gt;; IF⋈ X        // exits when the condition fails
 *       body                               // IINC i, c somewhere in it, nothing else writes i
 *       IINC i, c; ...                     // then straight on to
 *       GOTO H
 *   X:                                     // after the GOTO
 * </pre>
 * with the condition and step one of
 * <pre>
 *   i &lt; b   (IF_ICMPGE, or IFGE for b = 0)    c &gt; 0
 *   i &lt;= b  (IF_ICMPGT, or IFGT)             c &gt; 0
 *   i &gt; b   (IF_ICMPLE, or IFLE)             c &lt; 0
 *   i &gt;= b  (IF_ICMPLT, or IFLT)             c &lt; 0
 * </pre>
 * and {@code <bound>} an int constant ({@code ICONST}, {@code BIPUSH}, {@code SIPUSH},
 * {@code LDC}), {@code ILOAD n}, or {@code ALOAD a; ARRAYLENGTH}, where the body stores to
 * neither {@code n} nor {@code a} (nor to a long or double overlapping them). Fields, calls and
 * anything else as a bound are left alone: they may change inside the loop. A loop is also left
 * as it is (a check on every back-edge, as before) unless all of the following hold:
 * <ul>
 *   <li><b>Innermost</b>: the body jumps only forward (no nested loop, no {@code continue} that
 *       jumps to {@code H}). A chunk of an outer loop would multiply the inner loops' runs
 *       between checks (1024 × 1024 …); like HotSpot, only innermost loops are mined.
 *   <li><b>Bounded iterations</b>: the body calls nothing but static methods of
 *       {@link #BOUNDED_OWNERS} with primitive arguments ({@code Math.abs}, {@code
 *       Integer.bitCount}, boxing …: constant time), no {@code invokedynamic}, no array
 *       allocation. A call may run for any length of time, and a chunk would multiply that by
 *       1024 before the goroutine can be preempted (a loop calling a 1 ms method would hold its
 *       P for a second); where an iteration makes a real call the check is cheap beside it
 *       anyway. This also keeps suspension calls out of chunks in normal rewriting (with
 *       {@code suspendEverything} the whitelisted calls are suspension points, and the chunk's
 *       limit is saved and restored across them like any live int).
 *   <li><b>Single entry</b>: no jump, switch or exception handler outside the body (or in the
 *       test) targets a label inside the body or the test; the only way in is {@code H}.
 *   <li><b>One increment per iteration</b>: from the {@code IINC} to the {@code GOTO} there is no
 *       branch and no label anything jumps to, and no handler inside the loop covers that
 *       stretch; so every arrival at the back-edge has passed the {@code IINC} exactly once since
 *       the previous one. The exit label lies after the {@code GOTO}. No {@code JSR} anywhere in
 *       the method.
 * </ul>
 *
 * <h2>The rewritten loop</h2>
 * With a fresh int local {@code lim} (one per loop):
 * <pre>
 *   H:  ILOAD i; &lt;bound&gt;; IF⋈ X        // unchanged: the test, once per chunk
 *       lim = limit(i, b)                  // see below; no calls, cannot throw
 *   B:  body
 *       IINC i, c; ...
 *       if (i &lt; lim) goto B               // the inner latch (i &gt; lim when counting down): no check
 *       safepoint                          // MethodRewriter's: if (S != null &amp;&amp; S.preempt) yieldNow()
 *       GOTO H
 * </pre>
 * The latch is bottom-tested, which is C2's own counted-loop form: {@code i + c < lim} against a
 * loop-invariant local. The first iteration of a chunk needs no latch test: the original test at
 * {@code H} just passed.
 *
 * <h2>Why it is equivalent</h2>
 * Write {@code i ⊏ lim} for the latch's condition ({@code i < lim} up, {@code i > lim} down)
 * and {@code i ⋈ b} for the loop's ({@code <, <=, >, >=}).
 * <ol>
 *   <li>{@code b} has the same value at every latch of a chunk as at the {@code H} that started
 *       it: the body does not store to the bound's local, a constant is constant, and an array's
 *       length is fixed (the array is non-null: {@code ARRAYLENGTH} at {@code H} did not throw).
 *       Evaluating the bound has no effect, so skipping its evaluation at a latch is invisible.
 *   <li><b>Soundness</b>: {@code limit} returns either a value that bounds the condition ({@code
 *       lim <= b} for {@code <}, {@code lim <= b + 1} for {@code <=} as mathematical integers,
 *       mirrored for down-counting), so {@code i ⊏ lim ⇒ i ⋈ b}; or {@code MIN_VALUE} up /
 *       {@code MAX_VALUE} down, for which {@code i ⊏ lim} never holds. So whenever the latch
 *       jumps to {@code B}, the original would have gone to {@code H}, passed its test and fallen
 *       into the body: the same instruction sequence. When the latch falls through, the rewritten
 *       loop goes to {@code H} as the original did. Nothing else changes; {@code lim} is a fresh
 *       local, so no original instruction reads it. This holds for any int values, wrap-around
 *       included.
 *   <li><b>Progress and chunk length</b> (what preemption needs): let {@code top = MAX_VALUE - c +
 *       1}, the smallest {@code i} whose increment overflows (down: {@code bot = MIN_VALUE - c -
 *       1}, the largest whose decrement does), and {@code K = CHUNK × c}. For {@code i < b} up,
 *       <pre>
 *       limit(i, b) = MIN_VALUE                      if i &gt;= top   (i + c overflows)
 *                     min(b,     cap)                otherwise, cap = i &lt; top - K ? i + K : top
 *                     (min(b + 1, cap) for i &lt;= b)</pre>
 *       No operation overflows: {@code top - K} and {@code top} are constants ({@code |c| <=
 *       32768}, the {@code IINC} range, so {@code |K| <= 2^25}); {@code i + K < top} when it is
 *       computed; {@code b + 1} is computed only when {@code b < cap <= MAX_VALUE}. When {@code
 *       i < top}, {@code lim > i} and {@code lim <= top}, so every {@code i} that passes a latch
 *       is below {@code top} and its next increment does not wrap; with one increment of
 *       {@code c} per iteration (the shape above), a chunk runs at most {@code ceil((lim - i₀) /
 *       c) <= CHUNK} iterations. When {@code i >= top} the chunk runs one iteration, whose
 *       increment wraps exactly as the original's does, and the latch then fails. Every chunk
 *       runs at least one iteration (the test at {@code H} passed), so the loop never spins
 *       through checks without progress. Down-counting mirrors it: {@code MAX_VALUE} if {@code i
 *       <= bot}, else {@code max(b, cap)} ({@code max(b - 1, cap)} for {@code >=}) with {@code
 *       cap = i > bot - K ? i + K : bot}.
 * </ol>
 * So an infinite loop that wraps around ({@code for (int i = 0; i <= n; i++)} with {@code n =
 * MAX_VALUE}) still goes round forever, checking at least every {@code CHUNK} iterations.
 *
 * <p>Rejected: testing {@code (bound - i)} as unsigned against the chunk and looping on a
 * top-tested inner loop: with a step above 1 the last increment may wrap past {@code
 * MAX_VALUE}, and a wrapped {@code i} passes {@code i < lim} again, so the chunk would run for
 * 2^32 / c iterations with no check; the bottom-tested latch with the {@code top} clamp rules it
 * out. A separate down-counter per chunk: two tests per iteration instead of the single
 * {@code i < lim} on the index that C2's counted loops are built from.
 *
 * <p>Called by {@link MethodRewriter} only, on a method before any other change.
 */
final class CountedLoops {
    private CountedLoops() {}

    /**
     * Iterations per chunk: a check every 1 024 iterations of a call-free body costs nothing
     * measurable (one volatile load, once) and delays preemption by microseconds. HotSpot's
     * {@code LoopStripMiningIter} is 1000.
     */
    static final int CHUNK = 1024;

    /** Classes whose static methods with primitive arguments run in bounded time. */
    static final Set<String> BOUNDED_OWNERS = Set.of("java/lang/Math", "java/lang/StrictMath",
            "java/lang/Integer", "java/lang/Long", "java/lang/Short", "java/lang/Byte",
            "java/lang/Character", "java/lang/Boolean", "java/lang/Float", "java/lang/Double");

    /** A loop that matched, described by the nodes of the unchanged method. */
    private static final class Loop {
        int var;
        /** The bound's instructions, to be evaluated again; empty for a comparison with 0. */
        final List<AbstractInsnNode> bound = new ArrayList<>();
        JumpInsnNode test;
        JumpInsnNode backEdge;
        int step;
        boolean up;
        boolean inclusive;
    }

    /** Jump and switch instructions by target, exception handlers by handler label. */
    private static final class References {
        final Map<LabelNode, List<AbstractInsnNode>> jumps = new HashMap<>();
        final Map<LabelNode, List<TryCatchBlockNode>> handlers = new HashMap<>();

        boolean referenced(AbstractInsnNode n) {
            return n instanceof LabelNode && (jumps.containsKey(n) || handlers.containsKey(n));
        }
    }

    /**
     * Strip-mines every counted loop of {@code m} that has the shape in the class comment.
     * Returns the inner latches: back-edges that must not get a safepoint. {@code m} may get new
     * int locals ({@code maxLocals} grows).
     */
    static Set<AbstractInsnNode> stripMine(MethodNode m) {
        InsnList insns = m.instructions;
        References refs = new References();
        List<JumpInsnNode> gotos = new ArrayList<>();
        for (AbstractInsnNode n = insns.getFirst(); n != null; n = n.getNext()) {
            int op = n.getOpcode();
            if (op == Opcodes.JSR || op == Opcodes.RET) {
                return Set.of(); // subroutines: javac before 1.6 only; not worth reasoning about
            }
            if (n instanceof JumpInsnNode) {
                refs.jumps.computeIfAbsent(((JumpInsnNode) n).label, k -> new ArrayList<>())
                        .add(n);
                if (op == Opcodes.GOTO) {
                    gotos.add((JumpInsnNode) n);
                }
            } else if (n instanceof TableSwitchInsnNode) {
                TableSwitchInsnNode t = (TableSwitchInsnNode) n;
                refs.jumps.computeIfAbsent(t.dflt, k -> new ArrayList<>()).add(n);
                for (LabelNode l : t.labels) {
                    refs.jumps.computeIfAbsent(l, k -> new ArrayList<>()).add(n);
                }
            } else if (n instanceof LookupSwitchInsnNode) {
                LookupSwitchInsnNode t = (LookupSwitchInsnNode) n;
                refs.jumps.computeIfAbsent(t.dflt, k -> new ArrayList<>()).add(n);
                for (LabelNode l : t.labels) {
                    refs.jumps.computeIfAbsent(l, k -> new ArrayList<>()).add(n);
                }
            }
        }
        for (TryCatchBlockNode tcb : m.tryCatchBlocks) {
            refs.handlers.computeIfAbsent(tcb.handler, k -> new ArrayList<>()).add(tcb);
        }
        // Match everything on the unchanged method first. Accepted loops are innermost, so their
        // ranges are disjoint, and rewriting one changes nothing inside another.
        List<Loop> loops = new ArrayList<>();
        for (JumpInsnNode g : gotos) {
            Loop l = match(m, g, refs);
            if (l != null) {
                loops.add(l);
            }
        }
        if (loops.isEmpty() || m.maxLocals + loops.size() + 4 > 0xffff) {
            return Set.of();
        }
        Set<AbstractInsnNode> latches = new HashSet<>();
        for (Loop l : loops) {
            latches.add(rewrite(m, l));
        }
        return latches;
    }

    // =========================================================================================
    // Matching
    // =========================================================================================

    /** The loop closed by {@code g}, if it has the accepted shape; else null. */
    private static Loop match(MethodNode m, JumpInsnNode g, References refs) {
        InsnList insns = m.instructions;
        int gIdx = insns.indexOf(g);
        LabelNode head = g.label;
        int hIdx = insns.indexOf(head);
        if (hIdx >= gIdx) {
            return null;
        }
        AbstractInsnNode load = real(head);
        if (load == null || load.getOpcode() != Opcodes.ILOAD) {
            return null;
        }
        for (AbstractInsnNode n = head; n != load; n = n.getNext()) {
            if (n instanceof LabelNode && refs.handlers.containsKey(n)) {
                return null;
            }
        }
        Loop loop = new Loop();
        loop.var = ((VarInsnNode) load).var;
        int boundVar = -1;
        AbstractInsnNode q = real(load.getNext());
        if (q == null) {
            return null;
        }
        AbstractInsnNode test;
        switch (q.getOpcode()) {
            case Opcodes.IFLT:
            case Opcodes.IFGE:
            case Opcodes.IFGT:
            case Opcodes.IFLE:
                test = q; // compared with 0
                break;
            case Opcodes.ILOAD:
                boundVar = ((VarInsnNode) q).var;
                if (boundVar == loop.var) {
                    return null;
                }
                loop.bound.add(q);
                test = real(q.getNext());
                break;
            case Opcodes.ALOAD: {
                AbstractInsnNode len = real(q.getNext());
                if (len == null || len.getOpcode() != Opcodes.ARRAYLENGTH) {
                    return null;
                }
                boundVar = ((VarInsnNode) q).var;
                loop.bound.add(q);
                loop.bound.add(len);
                test = real(len.getNext());
                break;
            }
            default:
                if (!isIntConstant(q)) {
                    return null;
                }
                loop.bound.add(q);
                test = real(q.getNext());
        }
        if (test == null) {
            return null;
        }
        switch (test.getOpcode()) {
            case Opcodes.IF_ICMPGE:
            case Opcodes.IFGE:
                loop.up = true;
                break;
            case Opcodes.IF_ICMPGT:
            case Opcodes.IFGT:
                loop.up = true;
                loop.inclusive = true;
                break;
            case Opcodes.IF_ICMPLE:
            case Opcodes.IFLE:
                break;
            case Opcodes.IF_ICMPLT:
            case Opcodes.IFLT:
                loop.inclusive = true;
                break;
            default:
                return null;
        }
        if ((test.getOpcode() >= Opcodes.IFEQ && test.getOpcode() <= Opcodes.IFLE)
                != loop.bound.isEmpty()) {
            return null; // IF_ICMPxx after no bound, or IFxx after one
        }
        loop.test = (JumpInsnNode) test;
        loop.backEdge = g;
        int tIdx = insns.indexOf(test);
        if (insns.indexOf(loop.test.label) <= gIdx) {
            return null;
        }
        // nothing may jump into the middle of the test
        for (AbstractInsnNode n = load.getNext(); n != test; n = n.getNext()) {
            if (refs.referenced(n)) {
                return null;
            }
        }
        IincInsnNode inc = null;
        for (int idx = tIdx + 1; idx < gIdx; idx++) {
            AbstractInsnNode n = insns.get(idx);
            int op = n.getOpcode();
            if (n instanceof LabelNode) {
                for (AbstractInsnNode src : refs.jumps.getOrDefault(n, List.of())) {
                    int s = insns.indexOf(src);
                    if (s <= tIdx || s >= gIdx) {
                        return null; // an entry from outside the body
                    }
                }
                for (TryCatchBlockNode tcb : refs.handlers.getOrDefault(n, List.of())) {
                    if (insns.indexOf(tcb.start) <= tIdx || insns.indexOf(tcb.end) > gIdx) {
                        return null; // a handler in the body for code outside it
                    }
                }
            } else if (n instanceof VarInsnNode) {
                if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
                    int v = ((VarInsnNode) n).var;
                    boolean wide = op == Opcodes.LSTORE || op == Opcodes.DSTORE;
                    if (writes(v, wide, loop.var) || (boundVar >= 0 && writes(v, wide, boundVar))) {
                        return null;
                    }
                }
            } else if (n instanceof IincInsnNode) {
                IincInsnNode ii = (IincInsnNode) n;
                if (ii.var == loop.var) {
                    if (inc != null) {
                        return null;
                    }
                    inc = ii;
                } else if (ii.var == boundVar) {
                    return null;
                }
            } else if (n instanceof JumpInsnNode) {
                if (insns.indexOf(((JumpInsnNode) n).label) <= idx) {
                    return null; // a back-edge inside: not innermost
                }
            } else if (n instanceof TableSwitchInsnNode || n instanceof LookupSwitchInsnNode) {
                for (LabelNode l : switchTargets(n)) {
                    if (insns.indexOf(l) <= idx) {
                        return null;
                    }
                }
            } else if (n instanceof MethodInsnNode) {
                if (!isBoundedCall((MethodInsnNode) n)) {
                    return null;
                }
            } else if (n instanceof InvokeDynamicInsnNode || op == Opcodes.NEWARRAY
                    || op == Opcodes.ANEWARRAY || op == Opcodes.MULTIANEWARRAY) {
                return null;
            }
        }
        if (inc == null || inc.incr == 0 || (inc.incr > 0) != loop.up) {
            return null;
        }
        loop.step = inc.incr;
        // from the increment straight on to the back-edge
        int iIdx = insns.indexOf(inc);
        for (int idx = iIdx + 1; idx < gIdx; idx++) {
            AbstractInsnNode n = insns.get(idx);
            int op = n.getOpcode();
            if (refs.referenced(n) || n instanceof JumpInsnNode || n instanceof TableSwitchInsnNode
                    || n instanceof LookupSwitchInsnNode || op == Opcodes.ATHROW
                    || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)) {
                return null;
            }
        }
        for (TryCatchBlockNode tcb : m.tryCatchBlocks) {
            int h = insns.indexOf(tcb.handler);
            if (h > hIdx && h <= gIdx && insns.indexOf(tcb.start) <= gIdx
                    && insns.indexOf(tcb.end) > iIdx) {
                return null; // a handler in the loop could run the increment twice per latch
            }
        }
        return loop;
    }

    /** Whether a store to {@code v} (two slots if {@code wide}) overwrites {@code slot}. */
    private static boolean writes(int v, boolean wide, int slot) {
        return v == slot || (wide && v + 1 == slot);
    }

    private static boolean isBoundedCall(MethodInsnNode mi) {
        if (mi.getOpcode() != Opcodes.INVOKESTATIC || !BOUNDED_OWNERS.contains(mi.owner)) {
            return false;
        }
        for (Type t : Type.getArgumentTypes(mi.desc)) {
            if (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIntConstant(AbstractInsnNode n) {
        int op = n.getOpcode();
        return (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) || op == Opcodes.BIPUSH
                || op == Opcodes.SIPUSH
                || (op == Opcodes.LDC && ((LdcInsnNode) n).cst instanceof Integer);
    }

    private static List<LabelNode> switchTargets(AbstractInsnNode n) {
        List<LabelNode> out = new ArrayList<>();
        if (n instanceof TableSwitchInsnNode) {
            out.add(((TableSwitchInsnNode) n).dflt);
            out.addAll(((TableSwitchInsnNode) n).labels);
        } else {
            out.add(((LookupSwitchInsnNode) n).dflt);
            out.addAll(((LookupSwitchInsnNode) n).labels);
        }
        return out;
    }

    /** The first instruction at or after {@code n} that is not a label, line number or frame. */
    private static AbstractInsnNode real(AbstractInsnNode n) {
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }

    // =========================================================================================
    // Rewriting
    // =========================================================================================

    /** Inserts the limit computation and the inner latch; returns the latch. */
    private static JumpInsnNode rewrite(MethodNode m, Loop loop) {
        int lim = m.maxLocals;
        m.maxLocals += 1;
        LabelNode body = new LabelNode();
        m.instructions.insert(loop.test, limit(loop, lim, body));

        InsnList latch = new InsnList();
        latch.add(new VarInsnNode(Opcodes.ILOAD, loop.var));
        latch.add(new VarInsnNode(Opcodes.ILOAD, lim));
        JumpInsnNode back = new JumpInsnNode(loop.up ? Opcodes.IF_ICMPLT : Opcodes.IF_ICMPGT,
                body);
        latch.add(back);
        m.instructions.insertBefore(loop.backEdge, latch);
        return back;
    }

    /**
     * {@code lim = limit(i, b)} (class comment), ending with the label {@code body}. Up-counting:
     * <pre>
     *       if (i &lt; top) goto A;  lim = MIN_VALUE; goto body;
     *   A:  if (i &gt;= top - K) goto T;  lim = i + K; goto C;
     *   T:  lim = top;
     *   C:  if (b &gt;= lim) goto body;  lim = b (+ 1 for &lt;=);
     *   body:
     * </pre>
     * Down-counting is the mirror image.
     */
    private static InsnList limit(Loop loop, int lim, LabelNode body) {
        int c = loop.step;
        int k = CHUNK * c;
        // top (up): the smallest i whose i + c overflows; bot (down): the largest such i
        int edge = loop.up ? Integer.MAX_VALUE - c + 1 : Integer.MIN_VALUE - c - 1;
        int inside = loop.up ? Opcodes.IF_ICMPLT : Opcodes.IF_ICMPGT;
        int outside = loop.up ? Opcodes.IF_ICMPGE : Opcodes.IF_ICMPLE;
        LabelNode a = new LabelNode();
        LabelNode t = new LabelNode();
        LabelNode cmp = new LabelNode();
        InsnList out = new InsnList();
        out.add(new VarInsnNode(Opcodes.ILOAD, loop.var));
        out.add(intConstant(edge));
        out.add(new JumpInsnNode(inside, a));
        out.add(intConstant(loop.up ? Integer.MIN_VALUE : Integer.MAX_VALUE));
        out.add(new VarInsnNode(Opcodes.ISTORE, lim));
        out.add(new JumpInsnNode(Opcodes.GOTO, body));
        out.add(a);
        out.add(new VarInsnNode(Opcodes.ILOAD, loop.var));
        out.add(intConstant(edge - k));
        out.add(new JumpInsnNode(outside, t));
        out.add(new VarInsnNode(Opcodes.ILOAD, loop.var));
        out.add(intConstant(k));
        out.add(new InsnNode(Opcodes.IADD));
        out.add(new VarInsnNode(Opcodes.ISTORE, lim));
        out.add(new JumpInsnNode(Opcodes.GOTO, cmp));
        out.add(t);
        out.add(intConstant(edge));
        out.add(new VarInsnNode(Opcodes.ISTORE, lim));
        out.add(cmp);
        pushBound(out, loop);
        out.add(new VarInsnNode(Opcodes.ILOAD, lim));
        out.add(new JumpInsnNode(outside, body));
        pushBound(out, loop);
        if (loop.inclusive) {
            out.add(new InsnNode(Opcodes.ICONST_1));
            out.add(new InsnNode(loop.up ? Opcodes.IADD : Opcodes.ISUB));
        }
        out.add(new VarInsnNode(Opcodes.ISTORE, lim));
        out.add(body);
        return out;
    }

    private static void pushBound(InsnList out, Loop loop) {
        if (loop.bound.isEmpty()) {
            out.add(new InsnNode(Opcodes.ICONST_0));
        }
        for (AbstractInsnNode n : loop.bound) {
            out.add(n.clone(Map.of()));
        }
    }

    private static AbstractInsnNode intConstant(int v) {
        if (v >= -1 && v <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + v);
        }
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            return new IntInsnNode(Opcodes.BIPUSH, v);
        }
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return new IntInsnNode(Opcodes.SIPUSH, v);
        }
        return new LdcInsnNode(v);
    }
}
