package io.golib.processor.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.Name;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Which methods may park, in javac's model: the processor's reading of the continuation contract.
 *
 * <p>A method is <em>suspendable</em> if it is annotated {@code @io.golib.Goroutine} (or
 * {@code @io.golib.GoMain}, see {@link #isAnnotated}) or overrides (implements) a method that is,
 * in any supertype, however far up. This is the transformer's rule
 * too (the agent's {@code Hierarchy.isSuspendable}/{@code overridesSuspendable}), so what the
 * processor warns about and what the agent rewrites agree. Calling a suspendable method is a
 * <em>parking call</em>; {@code Continuation.park()} and {@code yieldNow()}, and later channel,
 * lock and timer operations, are parking calls simply because they are annotated.
 *
 * <p>A <em>golib functional interface</em> is an interface whose abstract method is suspendable
 * ({@code GoRunnable}, {@code GoCallable}, and any user interface of that shape): a lambda or
 * method reference targeting one is a body that may park.
 *
 * <p>Invariant: JDK types ({@code java.*}, {@code javax.*}, {@code jdk.*}) never declare
 * suspendable methods and cannot override golib's, so their methods are answered without walking
 * their (large) hierarchies. Results are cached per element for the life of one compilation;
 * javac's elements are stable within it.
 */
public final class Suspendables {
    private final Elements elements;
    private final Types types;
    private final Map<ExecutableElement, List<ExecutableElement>> overriddenCache = new HashMap<>();
    private final Map<TypeElement, List<TypeElement>> supertypesCache = new HashMap<>();

    public Suspendables(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /**
     * Whether {@code e} itself carries an annotation that makes it suspendable:
     * {@code @io.golib.Goroutine}, or {@code @io.golib.GoMain}, whose method is the body of the
     * main goroutine (its generated launcher calls it from a {@code GoRunnable} lambda) and so
     * may park like any {@code @Goroutine} method.
     */
    public boolean isAnnotated(Element e) {
        for (AnnotationMirror a : e.getAnnotationMirrors()) {
            Element type = a.getAnnotationType().asElement();
            if (type instanceof TypeElement) {
                Name name = ((TypeElement) type).getQualifiedName();
                if (name.contentEquals(GolibNames.GOROUTINE)
                        || name.contentEquals(GolibNames.GO_MAIN)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether calling {@code m} may park: annotated, or overriding an annotated method. */
    public boolean isSuspendable(ExecutableElement m) {
        if (m.getKind() != ElementKind.METHOD) {
            return false;
        }
        return isAnnotated(m) || !overriddenGoroutines(m).isEmpty();
    }

    /** The {@code @Goroutine} methods that {@code m} overrides or implements, nearest first. */
    public List<ExecutableElement> overriddenGoroutines(ExecutableElement m) {
        List<ExecutableElement> out = new ArrayList<>();
        for (ExecutableElement o : overridden(m)) {
            if (isAnnotated(o)) {
                out.add(o);
            }
        }
        return out;
    }

    /** Every method in a supertype that {@code m} overrides or implements, nearest first. */
    public List<ExecutableElement> overridden(ExecutableElement m) {
        List<ExecutableElement> cached = overriddenCache.get(m);
        if (cached != null) {
            return cached;
        }
        List<ExecutableElement> out = new ArrayList<>();
        Element owner = m.getEnclosingElement();
        if (m.getKind() == ElementKind.METHOD && owner instanceof TypeElement
                && !m.getModifiers().contains(Modifier.STATIC)
                && !m.getModifiers().contains(Modifier.PRIVATE)
                && !(isJdk((TypeElement) owner))) {
            TypeElement type = (TypeElement) owner;
            for (TypeElement sup : supertypes(type)) {
                for (Element member : sup.getEnclosedElements()) {
                    if (member.getKind() == ElementKind.METHOD
                            && member.getSimpleName().contentEquals(m.getSimpleName())
                            && elements.overrides(m, (ExecutableElement) member, type)) {
                        out.add((ExecutableElement) member);
                    }
                }
            }
        }
        List<ExecutableElement> result = List.copyOf(out);
        overriddenCache.put(m, result);
        return result;
    }

    /** All proper supertypes of {@code type}, breadth first (nearest first), without repeats. */
    public List<TypeElement> supertypes(TypeElement type) {
        List<TypeElement> cached = supertypesCache.get(type);
        if (cached != null) {
            return cached;
        }
        Set<TypeElement> seen = new LinkedHashSet<>();
        List<TypeMirror> todo = new ArrayList<>(types.directSupertypes(type.asType()));
        for (int i = 0; i < todo.size(); i++) {
            TypeMirror t = todo.get(i);
            if (t.getKind() != TypeKind.DECLARED) {
                continue;
            }
            TypeElement e = (TypeElement) ((DeclaredType) t).asElement();
            if (seen.add(e)) {
                todo.addAll(types.directSupertypes(t));
            }
        }
        List<TypeElement> result = List.copyOf(seen);
        supertypesCache.put(type, result);
        return result;
    }

    /**
     * Whether {@code target} (a lambda's or method reference's functional interface type) is a
     * golib functional interface: its abstract method may park. An intersection type (a cast
     * like {@code (GoRunnable & Serializable)}) is one if any of its interfaces is.
     */
    public boolean isGolibFunctionalInterface(TypeMirror target) {
        if (target == null) {
            return false;
        }
        if (target.getKind() == TypeKind.INTERSECTION) {
            for (TypeMirror bound : ((IntersectionType) target).getBounds()) {
                if (isGolibFunctionalInterface(bound)) {
                    return true;
                }
            }
            return false;
        }
        if (target.getKind() != TypeKind.DECLARED) {
            return false;
        }
        TypeElement type = (TypeElement) ((DeclaredType) target).asElement();
        if (type.getKind() != ElementKind.INTERFACE || isJdk(type)) {
            return false;
        }
        for (Element member : elements.getAllMembers(type)) {
            if (member.getKind() == ElementKind.METHOD
                    && member.getModifiers().contains(Modifier.ABSTRACT)
                    && isSuspendable((ExecutableElement) member)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code m} is the single abstract method of a golib functional interface, whose
     * implementations the API declares suspendable without the annotation.
     */
    public boolean isFunctionalMethodOfGolibInterface(ExecutableElement m) {
        Element owner = m.getEnclosingElement();
        if (owner.getKind() != ElementKind.INTERFACE
                || !m.getModifiers().contains(Modifier.ABSTRACT)) {
            return false;
        }
        int abstractMethods = 0;
        for (Element member : elements.getAllMembers((TypeElement) owner)) {
            if (member.getKind() == ElementKind.METHOD
                    && member.getModifiers().contains(Modifier.ABSTRACT)
                    && !isObjectMethod((ExecutableElement) member)) {
                abstractMethods++;
            }
        }
        return abstractMethods == 1 && isSuspendable(m);
    }

    /** {@code equals}, {@code hashCode}, {@code toString} redeclared in an interface (JLS 9.8). */
    private boolean isObjectMethod(ExecutableElement m) {
        TypeElement object = elements.getTypeElement("java.lang.Object");
        for (Element om : object.getEnclosedElements()) {
            if (om.getKind() == ElementKind.METHOD
                    && om.getSimpleName().contentEquals(m.getSimpleName())
                    && ((ExecutableElement) om).getParameters().size() == m.getParameters().size()
                    && om.getModifiers().contains(Modifier.PUBLIC)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code type} belongs to golib's continuation machinery
     * ({@link GolibNames#CONTINUATION_PACKAGE}), which the transformer never rewrites: its calls
     * to suspendable methods are the continuation protocol itself (a park in a body the driver
     * entered unwinds back to the driver), not calls that would block a thread.
     */
    public boolean isContinuationMachinery(TypeElement type) {
        return elements.getPackageOf(type).getQualifiedName()
                .contentEquals(GolibNames.CONTINUATION_PACKAGE);
    }

    /** JDK types: see the class invariant. */
    public boolean isJdk(TypeElement type) {
        PackageElement pkg = elements.getPackageOf(type);
        String name = pkg.getQualifiedName().toString();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.equals("java");
    }
}
