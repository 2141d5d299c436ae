package io.golib.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Rewrites the suspendable methods of the main classes ({@code target/classes}) so that they run
 * with plain {@code java}, no {@code -javaagent}. Runs in {@code process-classes} by default:
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>io.golib</groupId>
 *   <artifactId>golib-maven-plugin</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <executions>
 *     <execution><goals><goal>instrument</goal><goal>instrument-tests</goal></goals></execution>
 *   </executions>
 * </plugin>
 * }</pre>
 */
@Mojo(name = "instrument", defaultPhase = LifecyclePhase.PROCESS_CLASSES,
        requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class InstrumentMojo extends AbstractInstrumentMojo {
    /** The classes to rewrite in place. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    private File classesDirectory;

    /** The class path they are read against: the project's compile class path. */
    @Parameter(defaultValue = "${project.compileClasspathElements}", required = true)
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
        return "instrument";
    }
}
