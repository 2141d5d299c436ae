package io.golib.agent.transform;

import io.golib.agent.analysis.Hierarchy;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The {@code LambdaMetafactory} call sites of a class that create a suspendable functional
 * interface ({@code GoRunnable}, {@code GoCallable}, or any interface whose method is
 * {@code @Goroutine}): their implementation methods are goroutine bodies.
 */
final class SuspendableLambdas {
    private SuspendableLambdas() {}

    /** One such call site. */
    static final class Site {
        final InvokeDynamicInsnNode indy;
        final Handle impl;
        /** Key of the interface method the spun class implements (what its callers arm). */
        final int samKey;

        Site(InvokeDynamicInsnNode indy, Handle impl, int samKey) {
            this.indy = indy;
            this.impl = impl;
            this.samKey = samKey;
        }

        /** {@code metafactory}, not {@code altMetafactory} (serializable or marker lambdas). */
        boolean isPlainMetafactory() {
            return indy.bsm.getName().equals("metafactory");
        }
    }

    static List<Site> of(ClassNode node, Hierarchy hierarchy) {
        List<Site> out = new ArrayList<>();
        for (MethodNode m : node.methods) {
            for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
                if (!(i instanceof InvokeDynamicInsnNode)) {
                    continue;
                }
                InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) i;
                if (!indy.bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")
                        || indy.bsmArgs.length < 3 || !(indy.bsmArgs[1] instanceof Handle)) {
                    continue;
                }
                String itf = Type.getReturnType(indy.desc).getInternalName();
                String samDesc = ((Type) indy.bsmArgs[0]).getDescriptor();
                boolean suspendable = itf.equals(Abi.GO_RUNNABLE) || itf.equals(Abi.GO_CALLABLE)
                        || hierarchy.isSuspendable(itf, indy.name, samDesc);
                if (suspendable) {
                    out.add(new Site(indy, (Handle) indy.bsmArgs[1], Abi.key(indy.name, samDesc)));
                }
            }
        }
        return out;
    }
}
