package io.golib.processor.validate;

import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.golib.processor.Diagnostics;
import io.golib.processor.Diagnostics.Check;
import io.golib.processor.model.Suspendables;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks one parking call (a call of, or a method reference to, a suspendable method) against
 * the frame it runs in ({@link CallFrame}), and reports at most one diagnostic for it, the one
 * that names the root cause:
 *
 * <ol>
 *   <li>the frame cannot park at all (a plain method, a constructor, an initializer): the call
 *       blocks its thread, whatever lambda it sits in ({@code GoroutineCallFromPlainMethod},
 *       {@code GoroutineCallInConstructor}; errors under {@code -Agolib.strict=true});
 *   <li>the frame can park but the call sits in a lambda for a non-golib interface: JDK frames
 *       between the lambda and the frame cannot unwind, so it runs pinned
 *       ({@code GoroutineCallInForeignLambda});
 *   <li>the frame can park but holds a monitor at the call: the carrier stays pinned while the
 *       goroutine is parked ({@code GoroutineCallInSynchronized}).
 * </ol>
 *
 * <p>What the runtime does in each case is the continuation contract's pinning rule: nothing is
 * lost, the carrier blocks in place. The checks exist because that silently costs a carrier.
 */
final class CallSiteCheck {
    private final Trees trees;
    private final Suspendables model;
    private final Diagnostics diagnostics;

    CallSiteCheck(Trees trees, Suspendables model, Diagnostics diagnostics) {
        this.trees = trees;
        this.model = model;
        this.diagnostics = diagnostics;
    }

    /** Checks the call (or method reference) at {@code path}, whose target is {@code callee}. */
    void check(TreePath path, ExecutableElement callee) {
        if (!model.isSuspendable(callee)) {
            return;
        }
        CallFrame frame = CallFrame.of(path, trees, model);
        if (frame == null) {
            return;
        }
        String what = Describe.method(callee) + " may park";
        String inLambda = frame.foreignTarget == null ? ""
                : " in a " + lambdaWord(frame.foreignLambda) + " passed as "
                        + Describe.type(frame.foreignTarget) + ",";
        switch (frame.kind) {
            case PLAIN_METHOD: {
                String caller = Describe.method(frame.method);
                if (!inLambda.isEmpty()) {
                    // Annotating the caller would not help: the lambda's own frame, JDK code's
                    // to run, cannot park wherever it is written.
                    String word = lambdaWord(frame.foreignLambda);
                    diagnostics.report(Check.GOROUTINE_CALL_FROM_PLAIN_METHOD, path, what
                            + ", but it is called" + inLambda + " from " + caller
                            + ": the " + word + " is run by JDK code, which cannot park, so the"
                            + " call blocks its thread instead of parking. Fix: if the " + word
                            + " runs on a plain thread of its own (new Thread, an executor),"
                            + " blocking that thread is what you want: say so with"
                            + " @SuppressWarnings(\"golib\") on " + caller + "; otherwise"
                            + foreignFix().substring(1));
                    return;
                }
                diagnostics.report(Check.GOROUTINE_CALL_FROM_PLAIN_METHOD, path, what
                        + ", but it is called from " + caller
                        + ", which cannot park: the call blocks its thread instead of parking."
                        + " Fix: annotate " + caller + " with @Goroutine (io.golib.Goroutine),"
                        + " or make the call inside a goroutine body (a GoRunnable or GoCallable"
                        + " lambda).");
                return;
            }
            case CONSTRUCTOR:
            case STATIC_INITIALIZER:
            case INSTANCE_INITIALIZER: {
                String where = frame.kind == CallFrame.Kind.CONSTRUCTOR
                        ? "the constructor " + Describe.method(frame.method)
                        : frame.kind == CallFrame.Kind.STATIC_INITIALIZER
                                ? "a static initializer" : "an instance initializer";
                String why = frame.kind == CallFrame.Kind.STATIC_INITIALIZER
                        ? "class initialization cannot be resumed"
                        : "a constructor cannot be resumed (an object under construction cannot"
                                + " be unwound to the heap and re-entered)";
                String fix = frame.kind == CallFrame.Kind.STATIC_INITIALIZER
                        ? "move the call out of class initialization, into a @Goroutine method"
                                + " that goroutines call"
                        : "move the call to a @Goroutine factory method that parks first and"
                                + " then constructs the object";
                diagnostics.report(Check.GOROUTINE_CALL_IN_CONSTRUCTOR, path, what
                        + ", but it is called" + inLambda + " in " + where + ": " + why
                        + ", so the call blocks its thread instead of parking. Fix: " + fix
                        + ".");
                return;
            }
            case CAN_PARK:
                if (frame.foreignTarget != null) {
                    diagnostics.report(Check.GOROUTINE_CALL_IN_FOREIGN_LAMBDA, path, what
                            + ", but it is called" + inLambda.substring(0, inLambda.length() - 1)
                            + ", which is not a golib functional interface: it runs pinned: JDK"
                            + " frames cannot park, so a park here blocks the carrier thread."
                            + foreignFix().replaceFirst("^; ", " Fix: "));
                    return;
                }
                if (frame.synchronizedHeld) {
                    diagnostics.report(Check.GOROUTINE_CALL_IN_SYNCHRONIZED, path, what
                            + ", but it is called while a monitor is held (synchronized): a"
                            + " goroutine that parks there pins its carrier while parked, since a"
                            + " held monitor cannot be unwound. Fix: move the call out of the"
                            + " synchronized block or method, or guard the state with"
                            + " io.golib.sync.Mutex, which parks instead of blocking.");
                }
                return;
            default:
                throw new AssertionError("CallSiteCheck.check: unknown frame " + frame.kind);
        }
    }

    private static String foreignFix() {
        return "; do not call it from a lambda that JDK code invokes: use a plain loop"
                + " (for (T x : list) ch.send(x) instead of list.forEach(x -> ch.send(x)))"
                + " or pass a golib functional interface (GoRunnable, GoCallable).";
    }

    private static String lambdaWord(Tree t) {
        return t.getKind() == Tree.Kind.MEMBER_REFERENCE ? "method reference" : "lambda";
    }
}
