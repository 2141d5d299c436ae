package io.golib.agent.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Makes {@code new X(parks())} rewritable. javac evaluates it as {@code NEW X; DUP; <args>;
 * INVOKESPECIAL X.<init>}, so while the arguments park, an uninitialized object sits on the
 * operand stack, and no method may take it as an argument: it cannot be saved. This pass moves
 * {@code NEW X; DUP} to just before the constructor call (spilling the arguments to fresh locals),
 * as Quasar and ea-async do. Allocation has no visible effect until the constructor runs; the one
 * visible change is that {@code X}'s static initializer may now run after the arguments.
 */
final class NewRelocation {
    private NewRelocation() {}

    /**
     * Relocates every {@code NEW} that is on the operand stack at a suspension point. Returns
     * a problem message, or {@code null} when done (or nothing to do).
     */
    static String apply(String owner, MethodNode m, Predicate<AbstractInsnNode> isSuspensionPoint) {
        InsnList insns = m.instructions;
        boolean hasNew = false;
        for (AbstractInsnNode i = insns.getFirst(); i != null; i = i.getNext()) {
            if (i.getOpcode() == Opcodes.NEW) {
                hasNew = true;
                break;
            }
        }
        if (!hasNew) {
            return null;
        }
        Frame<SourceValue>[] frames;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(owner, m);
        } catch (AnalyzerException e) {
            return "cannot analyze the method: " + e.getMessage();
        }
        Set<TypeInsnNode> open = new LinkedHashSet<>();
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            Frame<SourceValue> f = frames[i];
            if (f == null || !isSuspensionPoint.test(insn)) {
                continue;
            }
            for (int s = 0; s < f.getStackSize(); s++) {
                for (AbstractInsnNode src : f.getStack(s).insns) {
                    TypeInsnNode n = allocation(insns, frames, src);
                    if (n != null) {
                        open.add(n);
                    }
                }
            }
        }
        // find every constructor call first: the frames describe the code before any change
        Map<TypeInsnNode, MethodInsnNode> inits = new HashMap<>();
        for (TypeInsnNode n : open) {
            AbstractInsnNode dup = next(n);
            if (dup == null || dup.getOpcode() != Opcodes.DUP) {
                return "`new " + n.desc.replace('/', '.') + "(...)` is not compiled as NEW;DUP,"
                        + " so its allocation cannot be moved after the suspension point";
            }
            MethodInsnNode init = findInit(insns, frames, n, dup);
            if (init == null) {
                return "cannot find the constructor call of `new " + n.desc.replace('/', '.')
                        + "`";
            }
            inits.put(n, init);
        }
        for (TypeInsnNode n : open) {
            AbstractInsnNode dup = next(n);
            MethodInsnNode init = inits.get(n);
            Type[] args = Type.getArgumentTypes(init.desc);
            InsnList before = new InsnList();
            int[] slots = new int[args.length];
            int next = m.maxLocals;
            for (int a = 0; a < args.length; a++) {
                slots[a] = next;
                next += args[a].getSize();
            }
            m.maxLocals = next;
            for (int a = args.length - 1; a >= 0; a--) {
                before.add(new VarInsnNode(args[a].getOpcode(Opcodes.ISTORE), slots[a]));
            }
            before.add(new TypeInsnNode(Opcodes.NEW, n.desc));
            before.add(new InsnNode(Opcodes.DUP));
            for (int a = 0; a < args.length; a++) {
                before.add(new VarInsnNode(args[a].getOpcode(Opcodes.ILOAD), slots[a]));
            }
            insns.insertBefore(init, before);
            insns.remove(dup);
            insns.remove(n);
        }
        return null;
    }

    /**
     * The {@code NEW} that produced a stack value with this source, or {@code null}. ASM's
     * {@code SourceInterpreter} attributes both copies a {@code DUP} leaves to the {@code DUP}, so
     * look through it at what it duplicated.
     */
    private static TypeInsnNode allocation(InsnList insns, Frame<SourceValue>[] frames,
            AbstractInsnNode src) {
        if (src.getOpcode() == Opcodes.NEW) {
            return (TypeInsnNode) src;
        }
        if (src.getOpcode() == Opcodes.DUP) {
            Frame<SourceValue> f = frames[insns.indexOf(src)];
            if (f != null && f.getStackSize() > 0) {
                for (AbstractInsnNode s : f.getStack(f.getStackSize() - 1).insns) {
                    if (s.getOpcode() == Opcodes.NEW) {
                        return (TypeInsnNode) s;
                    }
                }
            }
        }
        return null;
    }

    private static AbstractInsnNode next(AbstractInsnNode n) {
        AbstractInsnNode i = n.getNext();
        while (i != null && i.getOpcode() < 0) {
            i = i.getNext();
        }
        return i;
    }

    /** The {@code <init>} call whose receiver is the copy {@code dup} made of {@code n}'s value. */
    private static MethodInsnNode findInit(InsnList insns, Frame<SourceValue>[] frames,
            TypeInsnNode n, AbstractInsnNode dup) {
        List<MethodInsnNode> found = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            if (insn.getOpcode() != Opcodes.INVOKESPECIAL || frames[i] == null) {
                continue;
            }
            MethodInsnNode mi = (MethodInsnNode) insn;
            if (!mi.name.equals("<init>") || !mi.owner.equals(n.desc)) {
                continue;
            }
            Frame<SourceValue> f = frames[i];
            int receiver = f.getStackSize() - Type.getArgumentTypes(mi.desc).length - 1;
            if (receiver >= 0 && f.getStack(receiver).insns.contains(dup)) {
                found.add(mi);
            }
        }
        return found.size() == 1 ? found.get(0) : null;
    }
}
