package io.golib.processor.validate;

import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.golib.processor.Diagnostics;
import io.golib.processor.model.Suspendables;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Runs golib's checks over one attributed compilation unit: each method declaration through
 * {@link DeclarationCheck}, each call and method reference through {@link CallSiteCheck}.
 *
 * <p>Classes of golib's continuation machinery ({@link Suspendables#isContinuationMachinery}) get
 * the declaration checks only: the transformer never rewrites them, and their calls into bodies
 * are the continuation driver at work, so the call-site checks' reading does not fit them.
 *
 * <p>Must run after javac's attribution (the {@code ANALYZE} task event): before it, calls are
 * not resolved to methods and lambdas have no target type. Lambda bodies, anonymous and local
 * classes are all visited, since the scan covers the whole unit.
 */
public final class Validator {
    private final Trees trees;
    private final Suspendables model;
    private final CallSiteCheck calls;
    private final DeclarationCheck declarations;

    public Validator(Trees trees, Suspendables model, Diagnostics diagnostics) {
        this.trees = trees;
        this.model = model;
        this.calls = new CallSiteCheck(trees, model, diagnostics);
        this.declarations = new DeclarationCheck(trees, model, diagnostics);
    }

    /** Checks the class declared at {@code classPath}, nested, local and anonymous classes too. */
    public void validate(TreePath classPath) {
        Element type = trees.getElement(classPath);
        boolean checkCalls = !(type instanceof TypeElement
                && model.isContinuationMachinery((TypeElement) type));
        new Scanner(checkCalls).scan(classPath, null);
    }

    /**
     * Checks the constructors of a class (and its member classes) on the element model, during
     * annotation processing; see {@link DeclarationCheck#checkConstructors}.
     */
    public void validateConstructors(TypeElement type) {
        declarations.checkConstructors(type);
    }

    private final class Scanner extends TreePathScanner<Void, Void> {
        private final boolean checkCalls;

        Scanner(boolean checkCalls) {
            this.checkCalls = checkCalls;
        }

        @Override
        public Void visitMethod(MethodTree node, Void unused) {
            declarations.check(getCurrentPath());
            return super.visitMethod(node, unused);
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
            checkCall(getCurrentPath());
            return super.visitMethodInvocation(node, unused);
        }

        @Override
        public Void visitMemberReference(MemberReferenceTree node, Void unused) {
            checkCall(getCurrentPath());
            return super.visitMemberReference(node, unused);
        }

        private void checkCall(TreePath path) {
            if (!checkCalls) {
                return;
            }
            Element callee = trees.getElement(path);
            if (callee instanceof ExecutableElement) {
                calls.check(path, (ExecutableElement) callee);
            }
        }
    }
}
