package io.golib;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@code main} method golib's main goroutine, as go-lib's {@code #[go_lib::main]} does
 * for a Rust {@code fn main}: golib-processor generates a launcher class that runs the method
 * inside {@link Go#run} (or {@link Go#call}) and exits with its code.
 *
 * <p>Given, in package {@code demo}:
 *
 * <pre>{@code
 * public class App {
 *     @GoMain
 *     public static void main(String[] args) {
 *         Chan<String> done = Chan.make();
 *         Go.go(() -> done.send("hello from a goroutine"));
 *         System.out.println(done.recv());   // parks the main goroutine, not a thread
 *     }
 * }
 * }</pre>
 *
 * the processor writes {@code demo.GoMain_App}:
 *
 * <pre>{@code
 * public final class GoMain_App {
 *     public static void main(String[] args) {
 *         run(args);
 *     }
 *
 *     public static void run(String[] args) {
 *         Go.run(() -> App.main(args));
 *     }
 * }
 * }</pre>
 *
 * Launch {@code demo.GoMain_App} (with {@code -javaagent:golib-agent.jar}, or after
 * {@code golib-maven-plugin} rewrote the classes). With {@code static int main(String[] args)},
 * {@code run} returns the method's result and the launcher's {@code main} calls
 * {@code System.exit(run(args))}, so the result is the process's exit code.
 *
 * <p>Rules, checked by golib-processor at compile time (tag {@code [GoMainSignature]} and
 * friends):
 * <ul>
 *   <li>the method is {@code static}, not {@code private}, named {@code main}, takes exactly one
 *       {@code String[]} and returns {@code void} (exit code 0) or {@code int} (the exit code); it
 *       may declare checked exceptions;
 *   <li>its class is top-level or a static nested class (neither inner, local nor anonymous), and
 *       not {@code private}; the launcher sits in the same package, named {@code GoMain_} followed
 *       by the class's simple names joined by {@code _}: {@code GoMain_Outer_App} for
 *       {@code Outer.App};
 *   <li>at most one {@code @GoMain} per class.
 * </ul>
 *
 * <p>The annotated method is the main goroutine's body, so it may park: the processor treats it
 * as {@link Goroutine @Goroutine} (no warning for parking calls in it; it is listed in the index
 * of suspendable methods, so the transformer rewrites it and the launcher's call to it is a
 * suspension point). An exception it throws propagates out of the launcher's {@code main}
 * (checked ones wrapped in {@link GoroutineException}), so the JVM prints it and exits with 1.
 * Returning from a {@code void} main ends the process once no other non-daemon thread runs:
 * golib's carrier threads are daemons, so, as in Go, goroutines still running then do not keep
 * the process alive.
 *
 * <p>Retention is {@link RetentionPolicy#CLASS}: the annotation is an instruction to build-time
 * tools. The processor reads it from source; a bytecode tool (the agent, the Maven plugin) can
 * still see it in the class file, where ASM reports it as an invisible annotation; nothing has a
 * reason to look for it by reflection, so it stays out of the runtime-visible attributes.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface GoMain {}
