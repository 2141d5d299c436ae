package io.golib.agent.analysis;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * ASM's {@link SimpleVerifier} with two changes: the class hierarchy comes from
 * {@link Hierarchy} (class files, never class loading), and it checks nothing. The input was
 * verified by javac and the JVM; what the transformer needs from it is the precise type of every
 * local and stack value at each suspension point, to save them and cast them back on restore.
 *
 * <p>Merges are precise (a value merged from an {@code ArrayList} and a {@code HashSet} is an
 * {@code AbstractCollection}, never an interface it does not implement), so a restore cast can
 * never fail on a value the original code could hold there.
 */
public final class TypedInterpreter extends SimpleVerifier {
    private static final Type OBJECT = Type.getObjectType("java/lang/Object");
    private final Hierarchy hierarchy;

    public TypedInterpreter(Hierarchy hierarchy, Type currentClass, Type superClass,
            List<Type> interfaces, boolean isInterface) {
        super(Opcodes.ASM9, currentClass, superClass, interfaces, isInterface);
        this.hierarchy = hierarchy;
    }

    @Override
    protected boolean isSubTypeOf(BasicValue value, BasicValue expected) {
        return true; // not a verifier: the input is valid bytecode
    }

    @Override
    protected boolean isInterface(Type type) {
        return type.getSort() == Type.OBJECT && hierarchy.isInterface(type.getInternalName());
    }

    @Override
    protected Type getSuperClass(Type type) {
        if (type.getSort() != Type.OBJECT) {
            return OBJECT;
        }
        Hierarchy.Info i = hierarchy.info(type.getInternalName());
        return i == null || i.superName == null ? null : Type.getObjectType(i.superName);
    }

    @Override
    protected boolean isAssignableFrom(Type to, Type from) {
        if (to.equals(from) || to.equals(OBJECT)) {
            return true;
        }
        if (from.getSort() == Type.ARRAY) {
            if (to.getSort() == Type.ARRAY) {
                Type te = Type.getType(to.getDescriptor().substring(1));
                Type fe = Type.getType(from.getDescriptor().substring(1));
                boolean objects = (te.getSort() == Type.OBJECT || te.getSort() == Type.ARRAY)
                        && (fe.getSort() == Type.OBJECT || fe.getSort() == Type.ARRAY);
                return objects ? isAssignableFrom(te, fe) : te.equals(fe);
            }
            String n = to.getInternalName();
            return n.equals("java/lang/Cloneable") || n.equals("java/io/Serializable");
        }
        if (to.getSort() != Type.OBJECT || from.getSort() != Type.OBJECT) {
            return false;
        }
        return hierarchy.isSubtype(from.getInternalName(), to.getInternalName());
    }

    @Override
    protected Class<?> getClass(Type type) {
        throw new IllegalStateException("TypedInterpreter.getClass: must not load " + type);
    }
}
