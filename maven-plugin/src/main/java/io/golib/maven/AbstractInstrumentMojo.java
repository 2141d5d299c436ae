package io.golib.maven;

import io.golib.agent.ClassSource;
import io.golib.agent.Problem;
import io.golib.agent.Transformer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the {@code instrument} and {@code instrument-tests} goals share: they differ only in which
 * directory they rewrite and which class path they read it against.
 *
 * <p>The class path given to the transformer is the classes directory first, then the project's
 * class path elements: the classes being rewritten win over stale copies elsewhere, and the class
 * hierarchy and the processor's index ({@code META-INF/golib/suspendables}) are read from the
 * module's own output and from its dependency jars alike.
 */
public abstract class AbstractInstrumentMojo extends AbstractMojo {
    /** Skips the goal. */
    @Parameter(property = "golib.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Whether anything the transformer must refuse fails the build (the default). When false, each
     * problem is logged as a warning, the rest of the class is rewritten, and the refused call
     * blocks its carrier thread instead of parking.
     */
    @Parameter(property = "golib.failOnProblems", defaultValue = "true")
    private boolean failOnProblems;

    /** Where the goal keeps its up-to-date stamp. */
    @Parameter(defaultValue = "${project.build.directory}/golib", readonly = true, required = true)
    private File workDirectory;

    /** The directory whose class files are rewritten in place. */
    protected abstract File classesDirectory();

    /** The class path the classes are compiled against (may include the classes directory). */
    protected abstract List<String> classpath();

    /** The goal's name, for the stamp file and messages. */
    protected abstract String goal();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("golib: " + goal() + " skipped");
            return;
        }
        Path classes = classesDirectory().toPath().toAbsolutePath().normalize();
        if (!Files.isDirectory(classes)) {
            getLog().info("golib: no classes to instrument in " + classes);
            return;
        }
        List<Path> classPath = new ArrayList<>();
        classPath.add(classes);
        for (String element : classpath()) {
            Path p = Paths.get(element).toAbsolutePath().normalize();
            if (!p.equals(classes)) {
                classPath.add(p);
            }
        }
        try {
            run(classes, classPath);
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("golib: cannot instrument " + classes + ": " + e.getMessage(), e);
        }
    }

    private void run(Path classes, List<Path> classPath) throws IOException, MojoFailureException {
        // A new transformer (or a new golib version) may rewrite what an older one left alone.
        List<Path> inputs = new ArrayList<>(classPath);
        inputs.add(transformerLocation());
        UpToDateStamp stamp = new UpToDateStamp(workDirectory.toPath().resolve(goal() + ".stamp"));
        if (stamp.matches(UpToDateStamp.fingerprint(inputs))) {
            getLog().info("golib: classes in " + classes + " are up to date");
            return;
        }
        stamp.clear();

        Transformer transformer = new Transformer(ClassSource.of(classPath));
        ClassesInstrumenter.Report report =
                new ClassesInstrumenter(transformer::transform, !failOnProblems).instrument(classes);
        getLog().info(report.summary());
        if (report.problems.isEmpty()) {
            stamp.record(UpToDateStamp.fingerprint(inputs));
            return;
        }
        if (failOnProblems) {
            throw new MojoFailureException(problemMessage(classes, report.problems));
        }
        for (Problem p : report.problems) {
            getLog().warn("golib: " + describe(p));
        }
    }

    static String problemMessage(Path classes, List<Problem> problems) {
        String nl = System.lineSeparator();
        StringBuilder m = new StringBuilder();
        m.append("golib: ").append(problems.size()).append(problems.size() == 1 ? " problem" : " problems")
                .append(" in ").append(classes)
                .append("; the classes with problems were left as compiled:").append(nl);
        for (Problem p : problems) {
            m.append("  ").append(describe(p)).append(nl);
        }
        m.append("Fix them, or set <failOnProblems>false</failOnProblems> (-Dgolib.failOnProblems=false)"
                + " to rewrite the rest and let each refused call block its carrier thread instead of parking.");
        return m.toString();
    }

    /** One problem on one line: {@code a.B.method(I)V line 12: reason and fix}. */
    static String describe(Problem p) {
        return p.className() + "." + p.method()
                + (p.line() >= 0 ? " line " + p.line() : " (line unknown)") + ": " + p.message();
    }

    /** The jar (or, inside a reactor build, the directory) the transformer's classes come from. */
    private static Path transformerLocation() {
        try {
            return Paths.get(Transformer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            // Only the up-to-date check uses it; an unknown location just makes it stricter.
            return Paths.get("unknown-golib-transformer-location");
        }
    }
}
