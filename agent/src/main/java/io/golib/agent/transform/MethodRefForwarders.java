package io.golib.agent.transform;

import io.golib.agent.analysis.Hierarchy;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Makes {@code go(Other::work)} park instead of pin. The JVM-spun class of a method reference
 * calls {@code Other.work} directly, so the call arrives armed with the functional interface's
 * key, which {@code work} does not accept. This pass points such method references at a
 * synthetic static forwarder in the referring class, {@code lambda$golib$ref$N}, that calls the
 * target: the forwarder is a lambda body (it accepts the interface's key) and its call is an
 * ordinary armed suspension point.
 *
 * <p>Only for {@code LambdaMetafactory.metafactory} (not {@code altMetafactory}: serializable
 * lambdas are checked by name on deserialization), static, virtual and interface targets of
 * another class that are themselves suspendable.
 */
final class MethodRefForwarders {
    private MethodRefForwarders() {}

    static void apply(ClassNode node, Hierarchy hierarchy) {
        List<MethodNode> added = new ArrayList<>();
        for (SuspendableLambdas.Site site : SuspendableLambdas.of(node, hierarchy)) {
            Handle impl = site.impl;
            int tag = impl.getTag();
            if (!site.isPlainMetafactory() || impl.getOwner().equals(node.name)
                    || (tag != Opcodes.H_INVOKESTATIC && tag != Opcodes.H_INVOKEVIRTUAL
                            && tag != Opcodes.H_INVOKEINTERFACE)
                    || !hierarchy.isSuspendable(impl.getOwner(), impl.getName(), impl.getDesc())) {
                continue;
            }
            MethodNode f = forwarder(node, impl, added.size());
            added.add(f);
            Object[] args = site.indy.bsmArgs.clone();
            args[1] = new Handle(Opcodes.H_INVOKESTATIC, node.name, f.name, f.desc,
                    (node.access & Opcodes.ACC_INTERFACE) != 0);
            site.indy.bsmArgs = args;
        }
        node.methods.addAll(added);
    }

    private static MethodNode forwarder(ClassNode node, Handle impl, int n) {
        Type target = Type.getMethodType(impl.getDesc());
        List<Type> params = new ArrayList<>();
        if (impl.getTag() != Opcodes.H_INVOKESTATIC) {
            params.add(Type.getObjectType(impl.getOwner()));
        }
        params.addAll(List.of(target.getArgumentTypes()));
        String desc = Type.getMethodDescriptor(target.getReturnType(), params.toArray(new Type[0]));
        MethodNode f = new MethodNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC
                | Opcodes.ACC_SYNTHETIC, "lambda$golib$ref$" + n, desc, null, null);
        int slot = 0;
        for (Type p : params) {
            f.instructions.add(new VarInsnNode(p.getOpcode(Opcodes.ILOAD), slot));
            slot += p.getSize();
        }
        int opcode = impl.getTag() == Opcodes.H_INVOKESTATIC ? Opcodes.INVOKESTATIC
                : impl.getTag() == Opcodes.H_INVOKEINTERFACE ? Opcodes.INVOKEINTERFACE
                : Opcodes.INVOKEVIRTUAL;
        f.instructions.add(new MethodInsnNode(opcode, impl.getOwner(), impl.getName(),
                impl.getDesc(), impl.isInterface()));
        f.instructions.add(new InsnNode(target.getReturnType().getOpcode(Opcodes.IRETURN)));
        f.maxLocals = slot;
        f.maxStack = Math.max(slot, target.getReturnType().getSize());
        return f;
    }
}
