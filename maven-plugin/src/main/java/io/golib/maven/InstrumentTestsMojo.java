package io.golib.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Rewrites the suspendable methods of the test classes ({@code target/test-classes}), so that
 * tests run by Surefire or an IDE need no {@code -javaagent}. Runs in {@code process-test-classes}
 * by default; see {@link InstrumentMojo} for the POM snippet.
 */
@Mojo(name = "instrument-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
        requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class InstrumentTestsMojo extends AbstractInstrumentMojo {
    /** The test classes to rewrite in place. */
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true)
    private File classesDirectory;

    /**
     * The class path they are read against: the project's test class path (test classes, main
     * classes, every dependency).
     */
    @Parameter(defaultValue = "${project.testClasspathElements}", required = true)
    private List<String> classpath;

    @Override
    protected File classesDirectory() {
        return classesDirectory;
    }

    @Override
    protected List<String> classpath() {
        return classpath;
    }

    @Override
    protected String goal() {
        return "instrument-tests";
    }
}
