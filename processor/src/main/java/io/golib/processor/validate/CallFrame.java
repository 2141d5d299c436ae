package io.golib.processor.validate;

import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.golib.processor.model.Suspendables;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeMirror;

/**
 * The frame a call runs in, found by walking out from the call through the source: the nearest
 * enclosing method, lambda or initializer, and what lies between.
 *
 * <p>Frame boundaries, innermost first:
 * <ul>
 *   <li>a lambda or method reference whose functional interface is golib's: a frame that can park;
 *   <li>a lambda or method reference for any other interface ({@code Consumer}, {@code Runnable}):
 *       a frame that cannot park, invoked by JDK code that cannot be rewritten. The walk records
 *       it as the innermost <em>foreign lambda</em> and continues outward, because what to tell the
 *       user depends on whether the code around it could park;
 *   <li>a method: it can park iff it is suspendable (annotated, or overriding a {@code @Goroutine}
 *       method, which covers implementations of golib's functional interfaces); a constructor
 *       never can;
 *   <li>an initializer block or a field initializer: class or instance initialization, which never
 *       can park.
 * </ul>
 * A {@code synchronized} block between the call and the frame, or a {@code synchronized}
 * modifier on the frame's method, means a monitor is held at the call. A body of a local or
 * anonymous class is a frame of its own: the walk stops at its method and never sees the code
 * around the class.
 */
final class CallFrame {
    /** What kind of frame encloses the call. */
    enum Kind {
        /** A suspendable method, or a golib lambda: parking unwinds this frame. */
        CAN_PARK,
        /** A method that is not suspendable. */
        PLAIN_METHOD,
        /** A constructor. */
        CONSTRUCTOR,
        /** A static initializer block or static field initializer. */
        STATIC_INITIALIZER,
        /** An instance initializer block or instance field initializer. */
        INSTANCE_INITIALIZER
    }

    final Kind kind;
    /** The enclosing method or constructor, or {@code null} for initializers and lambdas. */
    final ExecutableElement method;
    /** Whether the frame is a golib lambda rather than a method. */
    final boolean lambda;
    /** Whether a monitor is held at the call (only meaningful for {@link Kind#CAN_PARK}). */
    final boolean synchronizedHeld;
    /** The functional interface of the innermost foreign lambda around the call, or null. */
    final TypeMirror foreignTarget;
    /** The tree of the innermost foreign lambda, or null. */
    final Tree foreignLambda;

    private CallFrame(Kind kind, ExecutableElement method, boolean lambda, boolean synchronizedHeld,
            TypeMirror foreignTarget, Tree foreignLambda) {
        this.kind = kind;
        this.method = method;
        this.lambda = lambda;
        this.synchronizedHeld = synchronizedHeld;
        this.foreignTarget = foreignTarget;
        this.foreignLambda = foreignLambda;
    }

    /**
     * The frame of the call at {@code path}, or {@code null} where the source gives no frame (an
     * annotation value, or attribution failed). The walk starts at the call itself: a method
     * reference is its own (lambda-like) frame boundary.
     */
    static CallFrame of(TreePath path, Trees trees, Suspendables model) {
        boolean sync = false;
        TypeMirror foreign = null;
        Tree foreignTree = null;
        for (TreePath p = path; p != null; p = p.getParentPath()) {
            Tree leaf = p.getLeaf();
            Tree parent = p.getParentPath() == null ? null : p.getParentPath().getLeaf();
            switch (leaf.getKind()) {
                case SYNCHRONIZED:
                    sync = true;
                    break;
                case LAMBDA_EXPRESSION:
                case MEMBER_REFERENCE: {
                    TypeMirror target = trees.getTypeMirror(p);
                    if (model.isGolibFunctionalInterface(target)) {
                        return new CallFrame(Kind.CAN_PARK, null, true, sync, foreign, foreignTree);
                    }
                    if (foreign == null) {
                        foreign = target;
                        foreignTree = leaf;
                    }
                    sync = false; // the monitor is not held when the lambda body runs later
                    break;
                }
                case METHOD: {
                    Element e = trees.getElement(p);
                    if (!(e instanceof ExecutableElement)) {
                        return null;
                    }
                    ExecutableElement m = (ExecutableElement) e;
                    if (m.getKind() == ElementKind.CONSTRUCTOR) {
                        return new CallFrame(Kind.CONSTRUCTOR, m, false, sync, foreign, foreignTree);
                    }
                    if (model.isSuspendable(m)) {
                        boolean held = sync || m.getModifiers().contains(Modifier.SYNCHRONIZED);
                        return new CallFrame(Kind.CAN_PARK, m, false, held, foreign, foreignTree);
                    }
                    return new CallFrame(Kind.PLAIN_METHOD, m, false, sync, foreign, foreignTree);
                }
                case BLOCK:
                case VARIABLE:
                    if (parent != null && isClassBody(parent)) {
                        boolean isStatic = leaf.getKind() == Tree.Kind.BLOCK
                                ? ((com.sun.source.tree.BlockTree) leaf).isStatic()
                                : trees.getElement(p) != null
                                        && trees.getElement(p).getModifiers().contains(Modifier.STATIC);
                        return new CallFrame(isStatic ? Kind.STATIC_INITIALIZER
                                : Kind.INSTANCE_INITIALIZER, null, false, sync, foreign, foreignTree);
                    }
                    break;
                case CLASS:
                case INTERFACE:
                case ENUM:
                case RECORD:
                case ANNOTATION_TYPE:
                    return null;
                default:
                    break;
            }
        }
        return null;
    }

    private static boolean isClassBody(Tree t) {
        switch (t.getKind()) {
            case CLASS:
            case INTERFACE:
            case ENUM:
            case RECORD:
            case ANNOTATION_TYPE:
                return true;
            default:
                return false;
        }
    }
}
