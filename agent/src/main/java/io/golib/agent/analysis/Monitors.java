package io.golib.agent.analysis;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodNode;

/**
 * How many monitors may be held before each instruction (the maximum over all paths). A frame
 * must not unwind while it holds a monitor: returning would leave the monitor locked (or make
 * the JVM throw), and releasing it would silently change mutual exclusion. Such call sites pin
 * instead.
 */
public final class Monitors {
    private static final int CAP = 64;
    private final int[] held;

    private Monitors(int[] held) {
        this.held = held;
    }

    /** Monitors possibly held when instruction {@code index} starts. */
    public int heldAt(int index) {
        return held[index];
    }

    public static Monitors of(MethodNode m) {
        InsnList insns = m.instructions;
        int n = insns.size();
        int[] held = new int[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            if (insns.get(i).getOpcode() == Opcodes.MONITORENTER) {
                any = true;
                break;
            }
        }
        if (!any || n == 0) {
            return new Monitors(held);
        }
        List<List<Integer>> succ = Liveness.successors(m);
        Arrays.fill(held, -1);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        held[0] = 0;
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            int op = insns.get(i).getOpcode();
            int after = held[i];
            if (op == Opcodes.MONITORENTER) {
                after = Math.min(CAP, after + 1);
            } else if (op == Opcodes.MONITOREXIT) {
                after = Math.max(0, after - 1);
            }
            for (int s : succ.get(i)) {
                // an exception edge leaves before the instruction's effect
                int v = isHandlerEdge(m, i, s) ? held[i] : after;
                if (v > held[s]) {
                    held[s] = v;
                    work.add(s);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            held[i] = Math.max(0, held[i]);
        }
        return new Monitors(held);
    }

    private static boolean isHandlerEdge(MethodNode m, int from, int to) {
        InsnList insns = m.instructions;
        for (var tcb : m.tryCatchBlocks) {
            if (insns.indexOf(tcb.handler) == to && insns.indexOf(tcb.start) <= from
                    && from < insns.indexOf(tcb.end)) {
                return true;
            }
        }
        return false;
    }
}
