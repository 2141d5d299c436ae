package io.golib.processor.generate;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import io.golib.processor.Diagnostics;
import io.golib.processor.Diagnostics.Check;
import io.golib.processor.model.GolibNames;
import java.io.IOException;
import javax.annotation.processing.Filer;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * Writes the launcher of a {@code @GoMain} method (already checked by {@code GoMainCheck}): for
 * {@code App.main}, the class {@code GoMain_App} in {@code App}'s package. Its shape, for
 * {@code static int main(String[] args)}:
 *
 * <pre>{@code
 * @Generated("io.golib.processor.GolibProcessor")
 * public final class GoMain_App {
 *     private GoMain_App() {}
 *
 *     public static void main(String[] args) {
 *         System.exit(run(args));
 *     }
 *
 *     public static int run(String[] args) {
 *         return Go.call(() -> App.main(args));
 *     }
 * }
 * }</pre>
 *
 * and for {@code void main}, {@code main} calls {@code run(args)} and returns, and {@code run}
 * is {@code void}, calling {@code Go.run}.
 *
 * <p>Why each piece:
 * <ul>
 *   <li>The body is a lambda in the launcher, not a method reference or a helper class: a
 *       {@code GoRunnable}/{@code GoCallable} lambda body is suspendable by the continuation
 *       contract, so the transformer rewrites it like any user lambda, and its call to
 *       {@code App.main} is a suspension point because the processor lists {@code App.main} in
 *       the index ({@code Suspendables.isAnnotated} counts {@code @GoMain}). Not a method
 *       reference: none can capture {@code args}.
 *   <li>{@code run} is the seam: the exit code decision ({@code System.exit}) is the only thing
 *       {@code main} adds, so tests and embedders call {@code run} in-process. For {@code void},
 *       returning from {@code main} ends the process with 0 once no other non-daemon thread is
 *       left: golib's carriers are daemons, so no {@code System.exit(0)} that would cut short a
 *       user's own non-daemon threads.
 *   <li>No {@code try}/{@code catch}: an exception from {@code App.main} propagates out of
 *       {@code Go.run} (checked ones wrapped in {@code GoroutineException}) and out of
 *       {@code main}, and the JVM prints it and exits with 1, as go-lib re-panics the main
 *       goroutine's panic on the caller's thread.
 * </ul>
 *
 * <p>Naming: {@code GoMain_} followed by the simple names from the top-level class down, joined
 * by {@code _} ({@code GoMain_Outer_App} for {@code Outer.App}), as Dagger names
 * {@code DaggerOuter_App}: unique per class within a package (unless a top-level class is
 * literally named {@code Outer_App} too, which the Filer reports as a clash).
 */
public final class GoMainLauncher {
    static final String PREFIX = "GoMain_";
    private static final String GENERATED = "javax.annotation.processing.Generated";
    private static final String PROCESSOR = "io.golib.processor.GolibProcessor";

    private final Filer filer;
    private final Elements elements;
    private final Diagnostics diagnostics;

    public GoMainLauncher(Filer filer, Elements elements, Diagnostics diagnostics) {
        this.filer = filer;
        this.elements = elements;
        this.diagnostics = diagnostics;
    }

    /** Writes the launcher of {@code main}; a failure is reported on its {@code @GoMain}. */
    public void write(ExecutableElement main, AnnotationMirror annotation) {
        JavaFile file = launcher(main, elements.getTypeElement(GENERATED) != null);
        try {
            file.writeTo(filer);
        } catch (IOException e) {
            diagnostics.report(Check.GO_MAIN_GENERATE, main, annotation,
                    "cannot write the @GoMain launcher " + file.packageName
                            + (file.packageName.isEmpty() ? "" : ".") + file.typeSpec.name
                            + " (" + e.getMessage() + "): is another class already named so?"
                            + " Fix: rename that class, or the class holding this main method.");
        }
    }

    /** The launcher's simple name for the class {@code app}: {@code GoMain_Outer_App}. */
    public static String launcherName(TypeElement app) {
        StringBuilder sb = new StringBuilder(app.getSimpleName());
        for (Element e = app.getEnclosingElement(); e instanceof TypeElement;
                e = e.getEnclosingElement()) {
            sb.insert(0, '_').insert(0, e.getSimpleName());
        }
        return PREFIX + sb;
    }

    /**
     * The launcher's source, pure (no I/O).
     *
     * @param generatedAnnotation whether {@code javax.annotation.processing.Generated} is there
     *     to mark the class with (it is from JDK 9 on, but a compilation may not see
     *     {@code java.compiler} on a module path)
     */
    static JavaFile launcher(ExecutableElement main, boolean generatedAnnotation) {
        TypeElement app = (TypeElement) main.getEnclosingElement();
        ClassName appName = ClassName.get(app);
        ClassName go = ClassName.bestGuess(GolibNames.GO);
        boolean exitCode = main.getReturnType().getKind() == TypeKind.INT;
        String name = launcherName(app);
        TypeName args = TypeName.get(String[].class);

        MethodSpec.Builder run = MethodSpec.methodBuilder("run")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(args, "args");
        MethodSpec.Builder launch = MethodSpec.methodBuilder("main")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(args, "args");
        if (exitCode) {
            run.returns(TypeName.INT)
                    .addJavadoc("Runs {@link $T#main} as the main goroutine and returns its exit"
                            + " code,\nwithout exiting.\n", appName)
                    .addStatement("return $T.call(() -> $T.main(args))", go, appName);
            launch.addJavadoc("Runs {@link #run} and exits the JVM with its result.\n")
                    .addStatement("$T.exit(run(args))", System.class);
        } else {
            run.addJavadoc("Runs {@link $T#main} as the main goroutine; returns when it"
                            + " returns.\n", appName)
                    .addStatement("$T.run(() -> $T.main(args))", go, appName);
            launch.addJavadoc("Runs {@link #run}; the JVM exits with 0 once no non-daemon"
                            + " thread is left\n(golib's carrier threads are daemons).\n")
                    .addStatement("run(args)");
        }

        TypeSpec.Builder type = TypeSpec.classBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addOriginatingElement(app)
                .addJavadoc("Launches {@link $T#main} as golib's main goroutine"
                        + " ({@code @GoMain}).\nGenerated by golib-processor: do not edit.\n",
                        appName)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(launch.build())
                .addMethod(run.build());
        if (generatedAnnotation) {
            type.addAnnotation(AnnotationSpec.builder(ClassName.bestGuess(GENERATED))
                    .addMember("value", "$S", PROCESSOR).build());
        }
        String pkg = ClassName.get(app).packageName();
        return JavaFile.builder(pkg, type.build()).skipJavaLangImports(true).build();
    }
}
