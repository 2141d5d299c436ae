package io.golib.processor.model;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * JVM internal names and method descriptors (JVMS 4.2.1, 4.3.3) computed from javac's model, so
 * that the index names methods exactly as the class files the agent reads do.
 *
 * <p>Descriptors are those of the erased declaration ({@link Types#erasure}): a type variable
 * becomes the erasure of its leftmost bound, as javac's code generator does. Nested, local and
 * anonymous classes use their binary names ({@code a/b/Outer$Inner}, {@code a/b/Outer$1}), which
 * javac assigns to local and anonymous classes during attribution.
 */
public final class JvmNames {
    private final Elements elements;
    private final Types types;

    public JvmNames(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /** {@code a/b/Outer$Inner} for the class {@code a.b.Outer.Inner}. */
    public String internalName(TypeElement type) {
        return elements.getBinaryName(type).toString().replace('.', '/');
    }

    /**
     * The descriptor of the method as declared, e.g. {@code (Ljava/lang/String;I)V}, or
     * {@code null} if a type in its signature could not be resolved (the compilation has errors).
     */
    public String descriptor(ExecutableElement method) {
        StringBuilder sb = new StringBuilder("(");
        for (VariableElement p : method.getParameters()) {
            if (!append(sb, p.asType())) {
                return null;
            }
        }
        sb.append(')');
        return append(sb, method.getReturnType()) ? sb.toString() : null;
    }

    private boolean append(StringBuilder sb, TypeMirror type) {
        switch (type.getKind()) {
            case BOOLEAN: sb.append('Z'); return true;
            case BYTE: sb.append('B'); return true;
            case CHAR: sb.append('C'); return true;
            case SHORT: sb.append('S'); return true;
            case INT: sb.append('I'); return true;
            case LONG: sb.append('J'); return true;
            case FLOAT: sb.append('F'); return true;
            case DOUBLE: sb.append('D'); return true;
            case VOID: sb.append('V'); return true;
            case ARRAY:
                sb.append('[');
                return append(sb, ((ArrayType) types.erasure(type)).getComponentType());
            case DECLARED: {
                TypeElement e = (TypeElement) ((DeclaredType) type).asElement();
                sb.append('L').append(internalName(e)).append(';');
                return true;
            }
            case TYPEVAR:
            case INTERSECTION:
                return append(sb, types.erasure(type));
            default:
                return false; // ERROR, NONE, ...: javac reports the cause itself
        }
    }
}
