package io.golib.processor.validate;

import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.golib.processor.Diagnostics;
import io.golib.processor.Diagnostics.Check;
import io.golib.processor.model.GolibNames;
import io.golib.processor.model.Suspendables;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Checks where {@code @Goroutine} is written, against the rule that a method is suspendable iff
 * it is annotated or overrides a suspendable method ({@link Suspendables}).
 *
 * <ul>
 *   <li>{@code GoroutineOnConstructor} (error): an object under construction cannot be resumed.
 *       The annotation's {@code @Target(METHOD)} makes javac reject it too; this says why and what
 *       to do instead. An initializer block cannot carry an annotation at all.
 *   <li>{@code GoroutineOverrideAddsAnnotation} (warning): a {@code @Goroutine} method overriding
 *       a method that is not suspendable. Calls through the supertype are compiled, and rewritten,
 *       as ordinary calls, so a park reached through them pins the carrier. A warning, not an
 *       error: a type may legitimately offer a parking implementation of a JDK interface (a mutex
 *       that implements {@code Lock}) whose golib callers go through the subtype; such a type says
 *       so with {@code @SuppressWarnings("golib")}. Not reported for the agent's JDK faces
 *       ({@link GolibNames#JDK_FACES}: {@code Iterator.hasNext}, {@code Lock.lock}, ...), whose
 *       calls are suspension points in every class that uses golib's channels, sync or context.
 *   <li>{@code GoroutineOverrideWithoutAnnotation} (warning): an override of a {@code @Goroutine}
 *       method without the annotation. It is still suspendable (the agent and the index treat it
 *       so), so nothing breaks; but a reader of the subtype cannot tell that calling it may park.
 *       Exempt: implementations of a golib functional interface's method ({@code GoRunnable.run}),
 *       which the API declares suspendable without the annotation, as lambdas are.
 * </ul>
 */
final class DeclarationCheck {
    private final Trees trees;
    private final Suspendables model;
    private final Diagnostics diagnostics;

    DeclarationCheck(Trees trees, Suspendables model, Diagnostics diagnostics) {
        this.trees = trees;
        this.model = model;
        this.diagnostics = diagnostics;
    }

    /** Checks the method or constructor declared at {@code path}. */
    void check(TreePath path) {
        Element e = trees.getElement(path);
        if (!(e instanceof ExecutableElement)) {
            return;
        }
        ExecutableElement m = (ExecutableElement) e;
        if (m.getKind() == ElementKind.METHOD) {
            checkOverride(path, m);
        }
    }

    /**
     * Checks the constructors of {@code type} and of its member types for {@code @Goroutine}.
     *
     * <p>Runs on the element model during annotation processing, not on attributed trees: javac's
     * own {@code @Target} error stops the class before the analysis the other checks wait for.
     */
    void checkConstructors(TypeElement type) {
        for (Element member : type.getEnclosedElements()) {
            if (member instanceof TypeElement) {
                checkConstructors((TypeElement) member);
            } else if (member.getKind() == ElementKind.CONSTRUCTOR) {
                for (AnnotationMirror a : member.getAnnotationMirrors()) {
                    Element t = a.getAnnotationType().asElement();
                    if (t instanceof TypeElement && ((TypeElement) t).getQualifiedName()
                            .contentEquals(GolibNames.GOROUTINE)) {
                        diagnostics.report(Check.GOROUTINE_ON_CONSTRUCTOR, member, a,
                                "@Goroutine is not allowed on the constructor "
                                        + Describe.method((ExecutableElement) member)
                                        + ": an object under construction cannot be resumed, so a"
                                        + " constructor can never park. Fix: move the parking work"
                                        + " to a @Goroutine static factory method that parks first"
                                        + " and then calls the constructor.");
                    }
                }
            }
        }
    }

    private void checkOverride(TreePath path, ExecutableElement m) {
        List<ExecutableElement> overridden = model.overridden(m);
        if (overridden.isEmpty()) {
            return;
        }
        if (model.isAnnotated(m)) {
            List<ExecutableElement> plain = new ArrayList<>();
            for (ExecutableElement o : overridden) {
                if (!model.isSuspendable(o) && !isJdkFace(o)) {
                    plain.add(o);
                }
            }
            if (!plain.isEmpty()) {
                String supers = names(plain);
                diagnostics.report(Check.GOROUTINE_OVERRIDE_ADDS_ANNOTATION, path,
                        Describe.method(m) + " is @Goroutine but overrides " + supers
                                + ", which is not: callers through " + supers + " cannot know it"
                                + " may park, so their calls are not suspension points and a park"
                                + " reached through them pins its carrier. Fix: annotate " + supers
                                + " with @Goroutine too if you own it; otherwise implement a golib"
                                + " interface instead (GoRunnable rather than Runnable), or call"
                                + " this method only through its own type and say so with"
                                + " @SuppressWarnings(\"golib\").");
            }
            return;
        }
        List<ExecutableElement> goroutines = new ArrayList<>();
        for (ExecutableElement o : model.overriddenGoroutines(m)) {
            if (!model.isFunctionalMethodOfGolibInterface(o)) {
                goroutines.add(o);
            }
        }
        if (goroutines.size() == model.overriddenGoroutines(m).size() && !goroutines.isEmpty()) {
            String supers = names(goroutines);
            diagnostics.report(Check.GOROUTINE_OVERRIDE_WITHOUT_ANNOTATION, path,
                    Describe.method(m) + " overrides @Goroutine " + supers + " without the"
                            + " annotation: it is still suspendable (callers through " + supers
                            + " may park in it, and the agent rewrites it), but a reader of "
                            + Describe.type(m.getEnclosingElement()) + " cannot tell that"
                            + " calling it may park. Fix: annotate " + Describe.method(m)
                            + " with @Goroutine.");
        }
    }

    /** One of the agent's JDK faces ({@link GolibNames#JDK_FACES}): callers through it park. */
    private static boolean isJdkFace(ExecutableElement m) {
        return m.getParameters().isEmpty() && m.getEnclosingElement() instanceof TypeElement
                && GolibNames.JDK_FACES.contains(((TypeElement) m.getEnclosingElement())
                        .getQualifiedName() + "." + m.getSimpleName());
    }

    private static String names(List<ExecutableElement> methods) {
        StringJoiner j = new StringJoiner(" and ");
        for (ExecutableElement o : methods) {
            j.add(Describe.method(o));
        }
        return j.toString();
    }
}
