package io.golib;

import io.golib.runtime.sched.G;
import io.golib.runtime.sched.Sched;
import io.golib.runtime.stack.CallKey;
import io.golib.runtime.stack.Continuation;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Goroutines: Go's {@code go} statement and the {@code runtime} package, for Java.
 *
 * <pre>{@code
 * import static io.golib.Go.*;
 *
 * public static void main(String[] args) {
 *     run(() -> {
 *         go(() -> System.out.println("hello from a goroutine"));
 *         sleep(Duration.ofMillis(10));
 *     });
 * }
 * }</pre>
 *
 * <p>Goroutines run on golib's scheduler, a port of Go's G/M/P work-stealing scheduler: a few
 * carrier threads (GOMAXPROCS, from {@code -Dgolib.maxprocs}, the {@code GOMAXPROCS}
 * environment variable or the CPU count) run any number of goroutines, which park (on channels,
 * locks, timers, sockets) without blocking a thread.
 */
public final class Go {
    private Go() {}

    /**
     * Runs {@code main} as the main goroutine and blocks the calling thread until it returns.
     * Starts the scheduler on first use; later calls reuse it. An exception thrown by
     * {@code main} is rethrown here (unchecked as is, checked wrapped in
     * {@link GoroutineException}); {@link DeadlockException} if it can never finish.
     */
    public static void run(GoRunnable main) {
        Objects.requireNonNull(main, "Go.run: main is null");
        Sched.runMain(main, null);
    }

    /** Like {@link #run}, returning what {@code main} returns. */
    public static <T> T call(GoCallable<T> main) {
        Objects.requireNonNull(main, "Go.call: main is null");
        @SuppressWarnings("unchecked")
        T result = (T) Sched.runMain(null, main);
        return result;
    }

    /** Starts a goroutine running {@code f} (Go's {@code go f()}). Inside or outside run. */
    public static void go(GoRunnable f) {
        Objects.requireNonNull(f, "Go.go: the goroutine body is null");
        Sched.get().newproc(f);
    }

    /** Yields the processor so other goroutines run (Go's {@code runtime.Gosched}). */
    @Goroutine
    public static void gosched() {
        // A yielding primitive: it calls nothing suspendable, so it is not rewritten, and the
        // goroutine yields in the caller's frame (Continuation.yieldAs): a yield saves and
        // restores the caller's frame only.
        if (Continuation.current() == null) {
            Thread.yield();
            return;
        }
        if (Sched.goschedWouldResume()) {
            return; // nothing else could run here: the round would pick this goroutine again
        }
        Continuation.yieldAs(GOSCHED_KEY);
    }

    private static final int GOSCHED_KEY = CallKey.of("gosched", "()V");

    /**
     * Pauses the goroutine for at least {@code d} (Go's {@code time.Sleep}); a sleeping goroutine
     * holds no thread. Zero or negative yields. Outside a goroutine, sleeps the thread.
     */
    @Goroutine
    public static void sleep(Duration d) {
        Objects.requireNonNull(d, "Go.sleep: duration is null");
        Sched.sleep(d);
    }

    /** GOMAXPROCS: the number of processors running goroutines at once. */
    public static int gomaxprocs() {
        return Sched.get().gomaxprocs();
    }

    /**
     * runtime.GOMAXPROCS(n): sets GOMAXPROCS to {@code n} and returns the old value. Raising adds
     * processors at once; lowering retires the surplus ones, their queued goroutines moving to
     * the others. As in Go, {@code n < 1} changes nothing and only returns the current value
     * ({@code runtime.GOMAXPROCS(0)} is Go's way to ask).
     */
    public static int setGomaxprocs(int n) {
        if (n < 1) {
            return gomaxprocs();
        }
        return Sched.get().setGomaxprocs(n);
    }

    /** The number of goroutines that exist (Go's {@code runtime.NumGoroutine}). */
    public static int numGoroutine() {
        return Sched.get().numGoroutine();
    }

    /**
     * Where exceptions escaping goroutines (other than main) go; the default prints the stack
     * trace to standard error. The other goroutines keep running.
     */
    public static void setPanicHandler(Consumer<Throwable> handler) {
        Objects.requireNonNull(handler, "Go.setPanicHandler: handler is null");
        Sched.get().setPanicHandler(handler);
    }

    /**
     * Runs a blocking call (JDK I/O, {@code Thread.sleep}, a JDBC query): the carrier's
     * processor is handed to another carrier while it blocks, so other goroutines keep running.
     * Checked exceptions are wrapped in {@link GoroutineException}.
     */
    public static <T> T withSyscall(GoCallable<T> f) {
        Objects.requireNonNull(f, "Go.withSyscall: f is null");
        return Sched.syscall(f);
    }

    /** Like {@link #withSyscall(GoCallable)} for a call with no result. */
    public static void withSyscall(GoRunnable f) {
        Objects.requireNonNull(f, "Go.withSyscall: f is null");
        Sched.syscall(() -> {
            f.run();
            return null;
        });
    }

    /**
     * Every goroutine's id, state, wait reason and logical stack trace (class, method, line),
     * like Go's goroutine dump.
     */
    public static String dumpGoroutines() {
        return Sched.get().dump();
    }

    /** The id of the running goroutine, or 0 outside one. */
    public static long goid() {
        G g = Sched.currentG();
        return g == null ? 0 : g.id();
    }
}
