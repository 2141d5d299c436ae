package io.golib.agent.analysis;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which locals are live after each instruction: read on some path before being written again.
 * Exception edges count (a local a handler reads is live across every instruction the handler
 * covers), so a frame that is rethrown into after a resume finds what its handler needs.
 *
 * <p>Backward dataflow over the instruction graph; a local is identified by its first slot.
 */
public final class Liveness {
    private final BitSet[] liveOut;

    private Liveness(BitSet[] liveOut) {
        this.liveOut = liveOut;
    }

    /** Locals live just after instruction {@code index} (including along its exception edges). */
    public BitSet liveOut(int index) {
        return liveOut[index];
    }

    public static Liveness of(MethodNode m) {
        InsnList insns = m.instructions;
        int n = insns.size();
        List<List<Integer>> succ = successors(m);
        BitSet[] in = new BitSet[n];
        BitSet[] out = new BitSet[n];
        for (int i = 0; i < n; i++) {
            in[i] = new BitSet();
            out[i] = new BitSet();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                BitSet o = new BitSet();
                for (int s : succ.get(i)) {
                    o.or(in[s]);
                }
                AbstractInsnNode insn = insns.get(i);
                BitSet nin = (BitSet) o.clone();
                if (insn instanceof VarInsnNode) {
                    VarInsnNode v = (VarInsnNode) insn;
                    if (isStore(v.getOpcode())) {
                        nin.clear(v.var);
                    } else if (v.getOpcode() != Opcodes.RET) {
                        nin.set(v.var);
                    } else {
                        nin.set(v.var);
                    }
                } else if (insn instanceof IincInsnNode) {
                    nin.set(((IincInsnNode) insn).var);
                }
                if (!o.equals(out[i]) || !nin.equals(in[i])) {
                    out[i] = o;
                    in[i] = nin;
                    changed = true;
                }
            }
        }
        return new Liveness(out);
    }

    private static boolean isStore(int opcode) {
        return opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE;
    }

    /** Normal and exceptional successors of every instruction. */
    static List<List<Integer>> successors(MethodNode m) {
        InsnList insns = m.instructions;
        int n = insns.size();
        List<List<Integer>> succ = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<Integer> s = new ArrayList<>(2);
            AbstractInsnNode insn = insns.get(i);
            int op = insn.getOpcode();
            if (insn instanceof JumpInsnNode) {
                s.add(insns.indexOf(((JumpInsnNode) insn).label));
                if (op != Opcodes.GOTO && op != Opcodes.JSR) {
                    s.add(i + 1);
                }
            } else if (insn instanceof TableSwitchInsnNode) {
                TableSwitchInsnNode t = (TableSwitchInsnNode) insn;
                s.add(insns.indexOf(t.dflt));
                for (LabelNode l : t.labels) {
                    s.add(insns.indexOf(l));
                }
            } else if (insn instanceof LookupSwitchInsnNode) {
                LookupSwitchInsnNode t = (LookupSwitchInsnNode) insn;
                s.add(insns.indexOf(t.dflt));
                for (LabelNode l : t.labels) {
                    s.add(insns.indexOf(l));
                }
            } else if (!(op >= Opcodes.IRETURN && op <= Opcodes.RETURN) && op != Opcodes.ATHROW
                    && op != Opcodes.RET && i + 1 < n) {
                s.add(i + 1);
            }
            succ.add(s);
        }
        for (TryCatchBlockNode tcb : m.tryCatchBlocks) {
            int start = insns.indexOf(tcb.start), end = insns.indexOf(tcb.end);
            int handler = insns.indexOf(tcb.handler);
            for (int i = start; i < end; i++) {
                succ.get(i).add(handler);
            }
        }
        return succ;
    }
}
