package io.golib.runtime.stack;

import io.golib.GoCallable;
import io.golib.GoRunnable;
import io.golib.Goroutine;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine body that can stop in the middle and go on later: the scheduler's view of the
 * continuation machinery.
 *
 * <pre>{@code
 * Continuation c = new Continuation(() -> { step1(); Continuation.park(); step2(); });
 * c.run();   // runs step1, parks: returns false
 * c.run();   // runs step2, ends: returns true
 * }</pre>
 *
 * <p>{@link #run()} runs the body until it parks or ends. {@link #park()} and {@link #yieldNow()}
 * are the parking primitives: called from rewritten code, they unwind the goroutine's frames onto
 * its {@link Stack} and make {@code run()} return. Where a frame that was not rewritten, or a held
 * monitor, stands between the park and {@code run()}, the frames cannot unwind: the goroutine
 * <em>pins</em> its carrier instead, blocking it in place until {@link #unpark()} (the state is
 * intact, nothing is lost; the scheduler hands the carrier's processor to another thread as for a
 * system call). {@code -Dgolib.tracePinned=true} prints each pinning call site once.
 *
 * <p>Thread ownership: {@code run()} is called by one thread at a time (any thread: a goroutine
 * migrates between carriers freely). {@link #unpark()} may be called from any thread.
 */
public class Continuation extends Stack {
    /** {@link #parkKind()}: the body parked and waits to be made runnable. */
    public static final int PARKED = 1;
    /** {@link #parkKind()}: the body yielded (gosched or preemption) and is still runnable. */
    public static final int YIELDED = 2;

    static final int PARK_KEY = CallKey.of("park", "()V");
    static final int YIELD_KEY = CallKey.of("yieldNow", "()V");
    private static final int RUN_KEY = CallKey.of("run", "()V");
    private static final int CALL_KEY = CallKey.of("call", "()Ljava/lang/Object;");

    private static final boolean TRACE_PINNED = Boolean.getBoolean("golib.tracePinned");

    /** The body, a {@link GoRunnable} or (if {@link #returnsValue}) a {@link GoCallable}; null
     *  once released. One field for both: a parked goroutine is mostly its fields. */
    private Object body;
    private boolean returnsValue;

    private boolean started;
    private boolean done;
    /** Whether the body ended by an exception: then {@link #outcome} is that exception. */
    private boolean failed;
    /** {@link #PARKED} or {@link #YIELDED} after a park (a byte: see {@link #body}). */
    private byte parkKind;
    /**
     * What the ended body returned, or the exception it threw ({@link #failed}). Before it ends,
     * while it is parked by a primitive in its caller's frame ({@link #parkAs}), the
     * {@link Completion} to run when it resumes: one field for both, the two are never live at
     * once (see {@link #body}).
     */
    private Object outcome;


    /** Set by {@link #unpark()}, consumed by a pinned park. */
    private volatile boolean permit;
    /** The carrier blocked in a pinned park, or {@code null}; see {@link #pinnedCarrier()}. */
    private volatile Thread pinnedCarrier;

    /**
     * A continuation that runs {@code body}.
     *
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException if {@code body}'s class was not rewritten by golib
     */
    public Continuation(GoRunnable body) {
        if (body == null) {
            throw new NullPointerException("Continuation: body is null");
        }
        InstrumentationCheck.require(body.getClass());
        this.body = body;
    }

    /**
     * A continuation with no body yet, as if ended: {@link #reuse} gives it one. For the
     * scheduler's goroutines, which are continuations made before their first body is known.
     */
    protected Continuation() {
        this.done = true;
    }

    /** A continuation whose body returns a result, read with {@link #result()} once it ends. */
    public Continuation(GoCallable<?> body) {
        if (body == null) {
            throw new NullPointerException("Continuation: body is null");
        }
        InstrumentationCheck.require(body.getClass());
        this.body = body;
        this.returnsValue = true;
    }

    /**
     * Fails as the constructor would for {@code body}: null, or a class golib did not rewrite.
     *
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException if {@code body}'s class was not rewritten by golib
     */
    public static void checkBody(GoRunnable body) {
        if (body == null) {
            throw new NullPointerException("Continuation: body is null");
        }
        InstrumentationCheck.require(body.getClass());
    }

    /**
     * Drops what an ended continuation still references (its body, result and failure), so a
     * continuation kept for reuse keeps nothing of its last run alive. Read them first.
     */
    public void release() {
        body = null;
        outcome = null;
    }

    /**
     * Makes an ended continuation run {@code body} from the start on its next {@link #run()},
     * keeping its heap stack's first segment: the scheduler's free-G pool (Go's gfget reuses a
     * dead G and its stack). Call {@link #checkBody} first.
     *
     * @throws IllegalStateException if the continuation has not ended
     */
    public void reuse(GoRunnable body) {
        if (!done) {
            throw new IllegalStateException("Continuation.reuse: the continuation has not ended");
        }
        this.body = body;
        returnsValue = false;
        started = false;
        done = false;
        failed = false;
        outcome = null;
        parkKind = 0;
        permit = false;
        reset();
    }

    // =========================================================================================
    // The driver
    // =========================================================================================

    /**
     * Runs the body on the calling thread until it parks or yields (returns {@code false}) or
     * ends (returns {@code true}; see {@link #failure()} and {@link #result()}).
     *
     * @throws IllegalStateException if the continuation has already ended
     */
    public boolean run() {
        if (done) {
            throw new IllegalStateException("Continuation.run: the continuation has already ended");
        }
        Stack s = this;
        Thread t = Thread.currentThread();
        Stack prev = s.mount(t);
        try {
            if (!started) {
                started = true;
                Object value = null;
                s.signal = returnsValue ? CALL_KEY : RUN_KEY;
                try {
                    if (returnsValue) {
                        value = ((GoCallable<?>) body).call();
                    } else {
                        ((GoRunnable) body).run();
                    }
                } catch (Throwable e) {
                    checkNotUnwinding(s, e);
                    Stack.setThrown(e);
                }
                if (s.signal == Stack.UNWIND) {
                    s.signal = Stack.IDLE;
                    s.seal();
                    return false;
                }
                s.signal = Stack.IDLE;
                return finish(value);
            }
            completePrimitive();
            if (!resumeFrames(0)) {
                s.seal();
                return false;
            }
            return finish(s.retA());
        } finally {
            Stack.unmount(t, prev);
        }
    }

    /**
     * Ends the park of a primitive that parked in its caller's frame ({@link #parkAs}), if the
     * goroutine's last park was one: its {@link Completion} puts the primitive's result in the
     * return registers, or its exception where the caller's frame rethrows it at its call. Before
     * the saved frames resume, whether the park unwound ({@link #run}) or was pinned further down
     * ({@link #rewindPinned}: the primitive had already returned when a frame below could not
     * unwind).
     */
    private void completePrimitive() {
        Object then = outcome;
        if (then != null) {
            outcome = null;
            try {
                ((Completion) then).complete();
            } catch (Throwable e) {
                Stack.setThrown(e); // for the caller's frame to rethrow at its call
            }
        }
    }

    private boolean finish(Object value) {
        done = true;
        Throwable t = takeThrown();
        failed = t != null;
        outcome = failed ? t : value;
        return true;
    }

    /**
     * Resumes saved frames, innermost first, until only {@code floor} batches are left. Returns
     * {@code true} when they all returned (the last result is in the return registers), or
     * {@code false} when one of them parked again (its frames form a new, unsealed batch).
     */
    private boolean resumeFrames(int floor) {
        Stack s = this;
        while (s.depth > floor) {
            FrameSite site = s.peekSite();
            Object self = s.peekSelf(site);
            s.signal = Stack.RESUME;
            try {
                site.entry.resume(s, self, site.point);
            } catch (Throwable e) {
                checkNotUnwinding(s, e);
                Stack.setThrown(e);
            }
            if (s.signal == Stack.RESUME) { // a rewritten prologue takes it before anything else
                throw new StackFault("resumeFrames: the frame at point " + site.point + " of "
                        + site.holder.getName() + " was not restored");
            }
            if (s.signal == Stack.UNWIND) {
                s.signal = Stack.IDLE;
                return false;
            }
        }
        return true;
    }

    private static void checkNotUnwinding(Stack s, Throwable e) {
        if (s.signal == Stack.UNWIND) {
            StackFault f = new StackFault("run: an exception escaped while unwinding");
            f.initCause(e);
            throw f;
        }
    }

    /** See {@link Stack#rewind()}: the pinned path of a park. */
    @Override
    void rewindPinned() {
        Stack s = this;
        s.signal = Stack.IDLE; // the unwinding stops at this frame
        int floor = s.depth - 1;
        while (true) {
            s.seal();
            if (TRACE_PINNED) {
                PinTrace.report();
            }
            if (parkKind == PARKED) {
                parkPinned();
            }
            completePrimitive();
            if (resumeFrames(floor)) {
                return;
            }
        }
    }

    private void blockPinned() {
        pinnedCarrier = Thread.currentThread();
        while (!permit) {
            LockSupport.park(this);
        }
        permit = false;
        pinnedCarrier = null;
    }

    // =========================================================================================
    // Parking primitives (called from inside a continuation)
    // =========================================================================================

    /**
     * Parks the running continuation: {@link #run()} returns {@code false} with
     * {@link #parkKind()} {@link #PARKED}. Called from code that could not unwind (see the class
     * comment), it blocks the carrier until {@link #unpark()} instead.
     *
     * @throws IllegalStateException if no continuation runs on this thread
     */
    @Goroutine
    public static void park() {
        park(PARKED, PARK_KEY, null, "park");
    }

    /**
     * Yields: {@link #run()} returns {@code false} with {@link #parkKind()} {@link #YIELDED}; the
     * caller runs it again when it likes. Also called at loop back-edges when sysmon has asked
     * the goroutine to yield. Called where the frames cannot unwind, it returns at once.
     */
    @Goroutine
    public static void yieldNow() {
        park(YIELDED, YIELD_KEY, null, "yieldNow");
    }

    /**
     * {@link #yieldNow()} for a yielding primitive outside this package: a {@code @Goroutine}
     * method whose body makes no other suspendable call (so the transformer leaves it as it is)
     * and which yields <em>in its caller's frame</em>, one frame less to save and restore on
     * every yield. {@code key} is that method's own {@link CallKey}, the one its rewritten callers
     * arm; called otherwise (from a frame that cannot unwind), it returns at once, as yieldNow.
     */
    public static void yieldAs(int key) {
        park(YIELDED, key, null, "yieldAs");
    }

    /**
     * What a blocking primitive that parked in its caller's frame ({@link #parkAs}) still has to
     * do once the goroutine is woken: the primitive's own ending, run by {@link #run()} on the
     * resuming carrier before the caller's frame: its result into the return registers
     * ({@link #returnRef}, {@link #returnPrim}), or an exception, which the caller gets at its call
     * as if the primitive had thrown it.
     */
    @FunctionalInterface
    public interface Completion {
        void complete();
    }

    /**
     * {@link #park()} for a blocking primitive outside this package: a {@code @Goroutine} method
     * whose body makes no other suspendable call (so the transformer leaves it as it is), which
     * parks <em>in its caller's frame</em> (one frame less to save and restore on every park) and
     * leaves its ending to {@code then} ({@code null}: nothing to do). {@code key} is that
     * method's own {@link CallKey}.
     *
     * <p>Returns {@code true} when the frames unwind: the primitive must return at once (any
     * value; the caller's frame does not look at it) and {@code then} runs when the goroutine is
     * resumed. Returns {@code false} after a park that could not unwind (its caller is not
     * rewritten, or holds a monitor): the carrier blocked until the goroutine was woken, and the
     * primitive ends itself, as if it had not parked in its caller's frame.
     */
    public static boolean parkAs(int key, Completion then) {
        return park(PARKED, key, then, "parkAs");
    }

    /** The result of a primitive that parked in its caller's frame, for its {@link Completion}. */
    public static void returnRef(Object v) {
        Registers.current().ref = v;
    }

    /** Like {@link #returnRef}, for a primitive result (as {@code Stack.setRetJ} stores it). */
    public static void returnPrim(long v) {
        Registers.current().prim = v;
    }

    /**
     * Returns whether the frames unwind ({@code false}: a pinned park, already over); when they
     * do, {@code then} (null for none) is kept for {@link #run()} to end the park with.
     */
    private static boolean park(int kind, int key, Completion then, String what) {
        Stack s = Stack.current();
        if (s == null) {
            throw new IllegalStateException("Continuation." + what
                    + ": not running inside a continuation (goroutine)");
        }
        int signal = s.signal;
        s.signal = Stack.IDLE;
        if (s.preempt) {
            s.preempt = false; // a volatile store is a fence: only when there is something to clear
        }
        Continuation c = (Continuation) s; // every stack is its continuation
        c.parkKind = (byte) kind;
        s.openBatch();
        if (signal == key) {
            s.signal = Stack.UNWIND;
            c.outcome = then; // null before: the body has not ended
            return true;
        }
        c.rewindPinned();
        return false;
    }

    /** The continuation running on this thread, or {@code null}. */
    public static Continuation current() {
        Stack s = Stack.current();
        return (Continuation) s;
    }

    /**
     * Lets a parked continuation go on: wakes the carrier if it is blocked in a pinned park, or
     * leaves a permit for the next pinned park. A continuation whose frames unwound is resumed by
     * calling {@link #run()} again instead.
     */
    public void unpark() {
        permit = true;
        Thread t = pinnedCarrier;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** The carrier blocked in a pinned park of this continuation, or {@code null}. */
    protected final Thread pinnedCarrier() {
        return pinnedCarrier;
    }

    /** Records the carrier that blocks in a pinned park ({@code null} when it goes on); for
     *  overrides of {@link #parkPinned()}. */
    protected final void pinnedCarrier(Thread t) {
        pinnedCarrier = t;
    }

    /**
     * Blocks the carrier in a park that could not unwind ({@link #PARKED} below a frame that was
     * not rewritten, or under a held monitor) until the continuation may go on. By default waits
     * for {@link #unpark()}; the scheduler's goroutines hand their processor off first. Called
     * on the carrier, inside the goroutine's frames.
     */
    protected void parkPinned() {
        blockPinned();
    }

    /** The class of the body (a {@link GoRunnable} or {@link GoCallable}). */
    @Override
    Class<?> bodyClass() {
        return body.getClass();
    }

    /** Asks the continuation to yield at its next loop back-edge. Any thread. */
    public void preempt() {
        preempt = true;
    }

    // =========================================================================================
    // State
    // =========================================================================================

    /** Whether the body has ended, normally or by an exception. */
    public boolean isDone() {
        return done;
    }

    /** Why the last {@link #run()} returned {@code false}: {@link #PARKED} or {@link #YIELDED}. */
    public int parkKind() {
        return parkKind;
    }

    /** The exception that ended the body, or {@code null}. */
    public Throwable failure() {
        return failed ? (Throwable) outcome : null;
    }

    /** What a {@link GoCallable} body returned; {@code null} for a {@link GoRunnable}. */
    public Object result() {
        return done && !failed ? outcome : null;
    }

    /**
     * The parked goroutine's logical stack: class, method and line of each saved frame, innermost
     * first (empty while it runs or before it parks). For goroutine dumps; not fast.
     */
    public StackTraceElement[] logicalStack() {
        java.util.List<StackTraceElement> out = new java.util.ArrayList<>();
        if (started && !done) {
            forEachFrame(site -> out.add(SiteTable.describe(site)));
        }
        return out.toArray(new StackTraceElement[0]);
    }

    /** Prints each distinct pinning call site once ({@code -Dgolib.tracePinned=true}). */
    private static final class PinTrace {
        private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

        static void report() {
            StackTraceElement[] trace = new Throwable().getStackTrace();
            StringBuilder sb = new StringBuilder();
            for (StackTraceElement e : trace) {
                // without the rewritten classes' resume dispatchers, so that a site pinned on a
                // first run and on a resumed one reads (and is reported) the same
                if (!e.getClassName().startsWith("io.golib.runtime.stack.")
                        && !e.getMethodName().contains("$golib$")) {
                    sb.append("\tat ").append(e).append('\n');
                }
            }
            String site = sb.toString();
            if (SEEN.add(site)) {
                System.err.print("golib: goroutine pinned its carrier while parked (a frame that"
                        + " was not rewritten, or a held monitor, is on the stack):\n" + site);
            }
        }
    }
}
