package io.golib.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.ClassTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.golib.processor.Diagnostics.Check;
import io.golib.processor.generate.GoMainLauncher;
import io.golib.processor.generate.IndexEntries;
import io.golib.processor.generate.IndexWriter;
import io.golib.processor.generate.PrimitiveChannelsWriter;
import io.golib.processor.model.GolibNames;
import io.golib.processor.model.JvmNames;
import io.golib.processor.model.Suspendables;
import io.golib.processor.validate.GoMainCheck;
import io.golib.processor.validate.Validator;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * golib's annotation processor: checks {@code @Goroutine} use at compile time and writes the index
 * of suspendable methods ({@code META-INF/golib/suspendables}) that the agent and the Maven plugin
 * read. On the processor path (registered through {@code META-INF/services}) it runs in every
 * javac invocation; {@code -Agolib.strict=true} makes calls that block instead of parking errors.
 *
 * <h2>Design</h2>
 * The checks need resolved calls and lambda target types, which javac computes in attribution,
 * after annotation processing has finished. So this entry does little in {@link #process}: it
 * notes which classes are compiled (for the incremental merge), reads the previous index, and
 * checks constructors on the element model. Everything else hangs on a javac
 * {@link TaskListener}:
 * <ul>
 *   <li>{@code ANALYZE} finished, once per top-level class after attribution and flow analysis:
 *       run the {@link Validator} over its tree, and collect its index lines, including those of
 *       local and anonymous classes, whose binary names javac assigns only during attribution;
 *   <li>{@code COMPILATION} finished, once: write the index.
 * </ul>
 * This is how Error Prone and the Checker Framework see attributed trees from a plugin or
 * processor. A consequence shared with them: javac skips the analysis of classes once any error
 * has been reported (its default {@code should-stop.ifError}), so after the first error, later
 * classes go unchecked until it is fixed.
 *
 * <p>Rejected: writing the index in the last processing round, as processors usually do. At that
 * point anonymous and local classes have no binary names yet ({@code Outer$1}), and implementing
 * {@code GoRunnable} anonymously is the commonest way to write a goroutine body. The
 * {@link javax.annotation.processing.Filer} stays usable until the compilation ends (javac closes
 * its file manager after the {@code COMPILATION} event). When not running in javac (no
 * {@link JavacTask}), the processor falls back to exactly that: member classes' lines, written in
 * the last round, and no call-site checks.
 *
 * <p>{@code @GoMain} is handled in {@link #process}, on the element model: its checks
 * ({@link GoMainCheck}) need only the declaration, and its launcher ({@link GoMainLauncher}) must
 * be written in a processing round so that javac compiles it in the next one. The annotated
 * method itself counts as suspendable ({@link Suspendables#isAnnotated}), so the index and the
 * call-site checks treat it as a goroutine body.
 *
 * <p>golib's own primitive channels ({@code IntChan}, ...) are generated in {@link #process}
 * too, for the same reason, when the runtime's compilation shows their marker
 * ({@link PrimitiveChannelsWriter}).
 *
 * <p>The processor claims no annotations ({@link #process} returns {@code false}), so other
 * processors still see {@code @Goroutine}.
 */
@AutoService(Processor.class)
public final class GolibProcessor extends AbstractProcessor {
    private Diagnostics diagnostics;
    private Trees trees;
    private Validator validator;
    private IndexEntries entries;
    private IndexWriter writer;
    private JvmNames names;
    private GoMainCheck goMainCheck;
    private GoMainLauncher goMainLauncher;
    private PrimitiveChannelsWriter primitiveChannels;
    /** Whether the javac task listener is installed; false outside javac. */
    private boolean listening;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        // Calls to @Goroutine methods can sit in any source file, annotated or not.
        return Set.of("*");
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(GolibNames.OPTION_STRICT);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        boolean strict = Boolean.parseBoolean(env.getOptions().get(GolibNames.OPTION_STRICT));
        JavacTask task = null;
        try {
            trees = Trees.instance(env);
            task = JavacTask.instance(env);
        } catch (IllegalArgumentException | IllegalStateException notJavac) {
            trees = null;
        }
        diagnostics = new Diagnostics(env.getMessager(), trees, strict);
        Suspendables model = new Suspendables(env.getElementUtils(), env.getTypeUtils());
        names = new JvmNames(env.getElementUtils(), env.getTypeUtils());
        entries = new IndexEntries(model, names);
        writer = new IndexWriter(env.getFiler(), env.getElementUtils(), diagnostics);
        validator = new Validator(trees, model, diagnostics);
        goMainCheck = new GoMainCheck(diagnostics);
        goMainLauncher = new GoMainLauncher(env.getFiler(), env.getElementUtils(), diagnostics);
        primitiveChannels = new PrimitiveChannelsWriter(env.getFiler(), env.getElementUtils(),
                diagnostics);
        if (task != null) {
            task.addTaskListener(new AfterAnalysis());
            listening = true;
        } else {
            diagnostics.report(Check.GOROUTINE_CHECKS_UNAVAILABLE, "golib-processor is not"
                    + " running inside javac's API (the processing environment is "
                    + env.getClass().getName() + "): @Goroutine call sites are not checked; the"
                    + " index lists member classes only.");
        }
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        writer.loadPrevious();
        for (Element e : round.getRootElements()) {
            if (e instanceof TypeElement) {
                TypeElement type = (TypeElement) e;
                writer.index().addRecompiled(names.internalName(type));
                validator.validateConstructors(type);
                if (!listening) {
                    Set<String> lines = new HashSet<>();
                    entries.addWithMemberTypes(type, lines);
                    writer.index().addFresh(lines);
                }
            }
        }
        launchGoMains(round);
        primitiveChannels.write(round);
        if (round.processingOver() && !listening) {
            writer.write();
        }
        return false;
    }

    /** Checks this round's {@code @GoMain} methods and writes a launcher for each valid one. */
    private void launchGoMains(RoundEnvironment round) {
        TypeElement goMain = processingEnv.getElementUtils().getTypeElement(GolibNames.GO_MAIN);
        if (goMain == null) {
            return; // a golib-runtime without @GoMain on the classpath: nothing can carry it
        }
        for (ExecutableElement main : goMainCheck.check(round.getElementsAnnotatedWith(goMain))) {
            AnnotationMirror annotation = null;
            for (AnnotationMirror a : main.getAnnotationMirrors()) {
                if (a.getAnnotationType().asElement().equals(goMain)) {
                    annotation = a;
                }
            }
            goMainLauncher.write(main, annotation);
        }
    }

    /** The javac hooks described in the class comment. */
    private final class AfterAnalysis implements TaskListener {
        @Override
        public void finished(TaskEvent e) {
            if (e.getKind() == TaskEvent.Kind.ANALYZE) {
                TypeElement type = e.getTypeElement();
                TreePath path = type == null ? null : trees.getPath(type);
                if (path == null || !(path.getLeaf() instanceof ClassTree)) {
                    return; // package-info, module-info
                }
                writer.index().addRecompiled(names.internalName(type));
                validator.validate(path);
                collect(path);
            } else if (e.getKind() == TaskEvent.Kind.COMPILATION) {
                writer.write();
            }
        }

        /** Adds the index lines of every class declared under {@code path}, anonymous ones too. */
        private void collect(TreePath path) {
            Set<String> lines = new HashSet<>();
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitClass(ClassTree node, Void unused) {
                    Element c = trees.getElement(getCurrentPath());
                    if (c instanceof TypeElement) {
                        entries.addDeclaredBy((TypeElement) c, lines);
                    }
                    return super.visitClass(node, unused);
                }
            }.scan(path, null);
            writer.index().addFresh(lines);
        }
    }
}
