package io.golib.processor.validate;

import io.golib.processor.Diagnostics;
import io.golib.processor.Diagnostics.Check;
import io.golib.processor.model.GolibNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Checks each {@code @GoMain} method, on javac's element model during annotation processing, and
 * hands back those a launcher can be generated for. Every diagnostic sits on the
 * {@code @GoMain} annotation (its file and line) and is an error: a launcher for a method the
 * JVM or the launcher could not call would fail at run time far from the cause.
 *
 * <ul>
 *   <li>{@code GoMainSignature}: the method must be {@code static}, not {@code private}, named
 *       {@code main}, take exactly {@code (String[])}, and return {@code void} or {@code int}.
 *       All that is wrong is listed in one message, followed by the two accepted shapes.
 *   <li>{@code GoMainPlacement}: its class must be top-level or a static nested class, and it
 *       and its enclosing classes not {@code private}: the launcher, a top-level class in the
 *       same package, calls {@code Outer.App.main(args)} by name.
 *   <li>{@code GoMainDuplicate}: a second {@code @GoMain} in one class; both would need the one
 *       launcher name. Reported on every {@code @GoMain} after the first, in source order.
 * </ul>
 *
 * Why not allow any name, as go-lib's {@code #[go_lib::main]} does? A Java launcher is found by
 * the JVM only as {@code main(String[])}; keeping the user's method named {@code main} too lets
 * the class still be run without golib (as plain Java, blocking threads instead of parking).
 */
public final class GoMainCheck {
    private final Diagnostics diagnostics;

    public GoMainCheck(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * Checks the elements annotated {@code @GoMain} in one round and returns the valid methods,
     * at most one per class, in the order given.
     */
    public List<ExecutableElement> check(Iterable<? extends Element> annotated) {
        Map<Element, List<ExecutableElement>> byClass = new LinkedHashMap<>();
        for (Element e : annotated) {
            if (e.getKind() == ElementKind.METHOD) { // @Target(METHOD): javac rejects the rest
                byClass.computeIfAbsent(e.getEnclosingElement(), k -> new ArrayList<>())
                        .add((ExecutableElement) e);
            }
        }
        List<ExecutableElement> valid = new ArrayList<>();
        for (List<ExecutableElement> mains : byClass.values()) {
            ExecutableElement first = mains.get(0);
            for (ExecutableElement dup : mains.subList(1, mains.size())) {
                diagnostics.report(Check.GO_MAIN_DUPLICATE, dup, mirror(dup),
                        "a second @GoMain in " + Describe.type(dup.getEnclosingElement())
                                + " (the first is on " + Describe.method(first) + "): a class has"
                                + " one launcher, GoMain_..., so it can have one @GoMain method."
                                + " Fix: remove @GoMain from all but one main method, or move"
                                + " the other into its own class.");
            }
            boolean signature = checkSignature(first);
            boolean placement = checkPlacement(first);
            if (signature && placement && mains.size() == 1) {
                valid.add(first);
            }
        }
        return valid;
    }

    private boolean checkSignature(ExecutableElement m) {
        List<String> wrong = new ArrayList<>();
        if (!m.getModifiers().contains(Modifier.STATIC)) {
            wrong.add("is not static");
        }
        if (m.getModifiers().contains(Modifier.PRIVATE)) {
            wrong.add("is private (the launcher cannot call it)");
        }
        if (!m.getSimpleName().contentEquals("main")) {
            wrong.add("is named " + m.getSimpleName() + ", not main");
        }
        if (m.getParameters().size() != 1 || !isStringArray(m.getParameters().get(0).asType())) {
            wrong.add("takes " + Describe.parameters(m) + ", not exactly (String[] args)");
        }
        TypeKind result = m.getReturnType().getKind();
        if (result != TypeKind.VOID && result != TypeKind.INT) {
            wrong.add("returns " + Describe.type(m.getReturnType()) + ", not void or int");
        }
        if (wrong.isEmpty()) {
            return true;
        }
        diagnostics.report(Check.GO_MAIN_SIGNATURE, m, mirror(m),
                "@GoMain method " + Describe.method(m) + " " + String.join(", ", wrong)
                        + ": golib generates a launcher whose main(String[]) calls it as the main"
                        + " goroutine. Fix: declare it as public static void main(String[] args)"
                        + " (exit code 0) or static int main(String[] args) (returns the exit"
                        + " code).");
        return false;
    }

    private boolean checkPlacement(ExecutableElement m) {
        Element owner = m.getEnclosingElement();
        for (Element e = owner; e instanceof TypeElement; e = e.getEnclosingElement()) {
            TypeElement t = (TypeElement) e;
            String why = null;
            if (t.getNestingKind() == NestingKind.LOCAL
                    || t.getNestingKind() == NestingKind.ANONYMOUS) {
                why = "is a " + t.getNestingKind().name().toLowerCase(java.util.Locale.ROOT)
                        + " class, which the launcher cannot name";
            } else if (t.getNestingKind() == NestingKind.MEMBER
                    && !t.getModifiers().contains(Modifier.STATIC)
                    && t.getKind() == ElementKind.CLASS) {
                // Enums, records and interfaces are implicitly static members.
                why = "is an inner (non-static) class";
            } else if (t.getModifiers().contains(Modifier.PRIVATE)) {
                why = "is private, so the launcher cannot call into it";
            }
            if (why != null) {
                diagnostics.report(Check.GO_MAIN_PLACEMENT, m, mirror(m),
                        "@GoMain method " + Describe.method(m) + " is in "
                                + Describe.type(t) + ", which " + why + ": the generated launcher"
                                + " is a top-level class in the same package that calls it by"
                                + " name. Fix: put the main method in a top-level class or a"
                                + " non-private static nested class.");
                return false;
            }
        }
        return true;
    }

    private static boolean isStringArray(TypeMirror t) {
        if (t.getKind() != TypeKind.ARRAY) {
            return false;
        }
        TypeMirror c = ((ArrayType) t).getComponentType();
        return c.getKind() == TypeKind.DECLARED && ((TypeElement) ((DeclaredType) c).asElement())
                .getQualifiedName().contentEquals("java.lang.String");
    }

    /** The {@code @GoMain} annotation on {@code m}, to report on its line. */
    private static AnnotationMirror mirror(Element m) {
        for (AnnotationMirror a : m.getAnnotationMirrors()) {
            Element t = a.getAnnotationType().asElement();
            if (t instanceof TypeElement
                    && ((TypeElement) t).getQualifiedName().contentEquals(GolibNames.GO_MAIN)) {
                return a;
            }
        }
        return null;
    }
}
