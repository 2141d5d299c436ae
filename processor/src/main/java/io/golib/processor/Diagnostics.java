package io.golib.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.golib.processor.model.GolibNames;
import java.util.Arrays;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The processor's one reporter: every diagnostic golib emits goes through here, so each starts
 * with its stable tag, sits on the offending tree (hence on its file and line), and honours the
 * two switches users have.
 *
 * <ul>
 *   <li>{@code -Agolib.strict=true} turns the checks marked {@link Check#strictError} from warnings
 *       into errors.
 *   <li>{@code @SuppressWarnings("golib")} on an enclosing declaration silences golib's warnings
 *       there (never its errors), as javac's own lint categories are silenced.
 * </ul>
 *
 * <p>Messages say what is wrong, why (what will happen at run time), and the fix, in that order;
 * tests match on the tag and on the key phrases, so the tags and those phrases are API.
 */
public final class Diagnostics {

    /** The catalogue: one constant per check, with its stable tag and its severity. */
    public enum Check {
        /** A parking call from a method that cannot park: it blocks its thread. */
        GOROUTINE_CALL_FROM_PLAIN_METHOD("GoroutineCallFromPlainMethod", true),
        /** A parking call from a constructor or class/instance initializer. */
        GOROUTINE_CALL_IN_CONSTRUCTOR("GoroutineCallInConstructor", true),
        /** A parking call while a monitor is held: the carrier is pinned while parked. */
        GOROUTINE_CALL_IN_SYNCHRONIZED("GoroutineCallInSynchronized", false),
        /** A parking call in a lambda whose functional interface is not golib's. */
        GOROUTINE_CALL_IN_FOREIGN_LAMBDA("GoroutineCallInForeignLambda", false),
        /** {@code @Goroutine} on a constructor (javac also rejects it by {@code @Target}). */
        GOROUTINE_ON_CONSTRUCTOR("GoroutineOnConstructor", false, Diagnostic.Kind.ERROR),
        /** An override of a {@code @Goroutine} method that does not say so. */
        GOROUTINE_OVERRIDE_WITHOUT_ANNOTATION("GoroutineOverrideWithoutAnnotation", false),
        /** {@code @Goroutine} on an override of a method that is not: callers through it pin. */
        GOROUTINE_OVERRIDE_ADDS_ANNOTATION("GoroutineOverrideAddsAnnotation", false),
        /** {@code @GoMain} on a method that is not {@code static [int|void] main(String[])}. */
        GO_MAIN_SIGNATURE("GoMainSignature", false, Diagnostic.Kind.ERROR),
        /** {@code @GoMain} in a class the launcher cannot name: inner, local, anonymous, private. */
        GO_MAIN_PLACEMENT("GoMainPlacement", false, Diagnostic.Kind.ERROR),
        /** A second {@code @GoMain} in one class: one class, one launcher. */
        GO_MAIN_DUPLICATE("GoMainDuplicate", false, Diagnostic.Kind.ERROR),
        /** The launcher could not be written (its name is taken, or the Filer failed). */
        GO_MAIN_GENERATE("GoMainGenerate", false, Diagnostic.Kind.ERROR),
        /** A primitive channel could not be written (its name is taken, or the Filer failed). */
        PRIMITIVE_CHANNELS_GENERATE("PrimitiveChannelsGenerate", false, Diagnostic.Kind.ERROR),
        /** The index could not be read or written; the agent falls back to reading supertypes. */
        GOROUTINE_INDEX_IO("GoroutineIndexIO", false),
        /** Not running inside javac: only the index is written, call sites go unchecked. */
        GOROUTINE_CHECKS_UNAVAILABLE("GoroutineChecksUnavailable", false, Diagnostic.Kind.NOTE);

        /** The stable tag, printed in brackets at the start of every message. */
        public final String tag;
        /** Whether {@code -Agolib.strict=true} makes this an error. */
        public final boolean strictError;
        private final Diagnostic.Kind kind;

        Check(String tag, boolean strictError) {
            this(tag, strictError, Diagnostic.Kind.WARNING);
        }

        Check(String tag, boolean strictError, Diagnostic.Kind kind) {
            this.tag = tag;
            this.strictError = strictError;
            this.kind = kind;
        }
    }

    private final Messager messager;
    private final Trees trees;
    private final boolean strict;

    /**
     * @param trees javac's tree API, or {@code null} when not running inside javac (then only
     *     element and global reports are possible)
     */
    public Diagnostics(Messager messager, Trees trees, boolean strict) {
        this.messager = messager;
        this.trees = trees;
        this.strict = strict;
    }

    /** The severity {@code check} has in this compilation. */
    public Diagnostic.Kind kindOf(Check check) {
        return strict && check.strictError ? Diagnostic.Kind.ERROR : check.kind;
    }

    /**
     * Reports {@code check} on the tree at {@code path} (its file and line) with {@code message},
     * prefixed by the tag; a warning is dropped where {@code @SuppressWarnings("golib")} applies.
     */
    public void report(Check check, TreePath path, String message) {
        Diagnostic.Kind kind = kindOf(check);
        if (kind == Diagnostic.Kind.WARNING && suppressed(path)) {
            return;
        }
        CompilationUnitTree unit = path.getCompilationUnit();
        trees.printMessage(kind, "[" + check.tag + "] " + message, path.getLeaf(), unit);
    }

    /**
     * Reports {@code check} on an annotation of an element (its file and the annotation's line),
     * for checks made on javac's element model before attribution.
     */
    public void report(Check check, Element element, AnnotationMirror annotation, String message) {
        messager.printMessage(kindOf(check), "[" + check.tag + "] " + message, element, annotation);
    }

    /** Reports {@code check} with no source position (about the compilation as a whole). */
    public void report(Check check, String message) {
        messager.printMessage(kindOf(check), "[" + check.tag + "] " + message);
    }

    /** Whether an enclosing declaration says {@code @SuppressWarnings("golib")}. */
    private boolean suppressed(TreePath path) {
        for (TreePath p = path; p != null; p = p.getParentPath()) {
            switch (p.getLeaf().getKind()) {
                case METHOD:
                case VARIABLE:
                case CLASS:
                case INTERFACE:
                case ENUM:
                case RECORD:
                case ANNOTATION_TYPE: {
                    Element e = trees.getElement(p);
                    SuppressWarnings sw = e == null ? null : e.getAnnotation(SuppressWarnings.class);
                    if (sw != null && Arrays.asList(sw.value()).contains(GolibNames.SUPPRESS)) {
                        return true;
                    }
                    break;
                }
                default:
                    break;
            }
        }
        return false;
    }
}
