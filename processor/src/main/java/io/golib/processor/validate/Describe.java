package io.golib.processor.validate;

import java.util.StringJoiner;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * How diagnostics name things: short and as the user wrote them ({@code Chan.send(T)},
 * {@code Worker.fetch(String)}), since the diagnostic already sits on the line in question.
 */
final class Describe {
    private Describe() {}

    /** {@code Owner.name(P1, P2)}, or {@code Owner(P1)} for a constructor. */
    static String method(ExecutableElement m) {
        StringJoiner params = new StringJoiner(", ", "(", ")");
        for (VariableElement p : m.getParameters()) {
            params.add(type(p.asType()));
        }
        String owner = type(m.getEnclosingElement());
        if (m.getKind() == ElementKind.CONSTRUCTOR) {
            return owner + params;
        }
        return owner + "." + m.getSimpleName() + params;
    }

    /** The simple name of a class, {@code Outer.Inner} for a member, "an anonymous class" else. */
    static String type(Element e) {
        if (!(e instanceof TypeElement)) {
            return e.getSimpleName().toString();
        }
        TypeElement t = (TypeElement) e;
        if (t.getSimpleName().length() == 0) {
            return "<anonymous " + supertypeName(t) + ">";
        }
        Element outer = t.getEnclosingElement();
        if (outer instanceof TypeElement) {
            return type(outer) + "." + t.getSimpleName();
        }
        return t.getSimpleName().toString();
    }

    /** A type as source would spell it, with simple names. */
    static String type(TypeMirror t) {
        switch (t.getKind()) {
            case DECLARED:
                return ((DeclaredType) t).asElement().getSimpleName().toString();
            case ARRAY:
                return type(((ArrayType) t).getComponentType()) + "[]";
            default:
                return t.toString();
        }
    }

    private static String supertypeName(TypeElement anonymous) {
        if (!anonymous.getInterfaces().isEmpty()) {
            return type(anonymous.getInterfaces().get(0));
        }
        return type(anonymous.getSuperclass());
    }
}
