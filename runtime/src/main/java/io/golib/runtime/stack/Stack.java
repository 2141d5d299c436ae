package io.golib.runtime.stack;

/**
 * A goroutine's heap stack, and the per-goroutine half of the contract between rewritten code and
 * the runtime. Every rewritten method talks to it; nothing else should.
 *
 * <h2>The signal protocol</h2>
 * {@link #signal} is one word that rewritten frames use to talk to their neighbours:
 * <ul>
 *   <li>{@code > 0}, <em>armed</em>: a rewritten call site stores its callee's {@link CallKey}
 *       just before a suspendable call. The callee's prologue reads and clears it: a matching key
 *       proves the caller is a rewritten frame that will check for unwinding when the call
 *       returns. No match means a frame that was not rewritten (a JDK method, reflection, an
 *       uninstrumented library) sits in between: the callee is a <em>pinned entry</em> and will
 *       never return into its caller while the goroutine is parked.</li>
 *   <li>{@link #UNWIND}: a park is under way. Each frame that sees it after a call saves its live
 *       values in a new frame record and returns a dummy; a pinned entry, or a frame that holds a
 *       monitor, stops the unwinding instead and {@linkplain #rewind() blocks its carrier}.</li>
 *   <li>{@link #RESUME}: set by {@link Continuation} before it calls a method through its class's
 *       {@link ResumeEntry}; the prologue then restores the frame on top and jumps to its call
 *       site.</li>
 *   <li>{@link #IDLE}: none of these.</li>
 * </ul>
 *
 * <h2>Frames, innermost first</h2>
 * A park saves the frames from the innermost outwards, in the order they return. Resuming
 * re-enters only the innermost one; when it returns, its result (or exception) goes to the next
 * saved frame, re-entered at its call site. So a resume costs the same at any depth, and a frame
 * is rebuilt only when its callee has finished. The frames one park saves form a <em>batch</em>,
 * read back in the order written. A frame re-entered from the middle of a batch may park again: the
 * new batch goes on top, and the rest of the old one waits under it (the enclosing batch's read
 * state is pushed on {@link #enclosing}).
 *
 * <h2>A frame record</h2>
 * <pre>
 *   refs:  [site][self][live references ...]
 *   prims: [live primitives ...]
 * </pre>
 * {@code site} is the call site's {@link FrameSite}, one constant object per site: how to resume
 * the frame, where, and the record's shape. {@code self} is there for instance methods only. So a
 * frame costs one reference slot plus its live values, and a goroutine whose parked frames hold
 * only references has no primitive array at all. Locals come first, then the operand-stack
 * values from bottom to top, in the order the transformer's restore code reads them back.
 * Reference slots are cleared as each frame is restored, so a parked stack never keeps garbage
 * alive.
 *
 * <h2>Return registers</h2>
 * A resumed frame's result (or exception) reaches its saved caller through the return registers
 * of the thread running the goroutine ({@link Registers}), not through fields here: they hold a
 * value only between a frame's return and its caller's restore, never while the goroutine is
 * parked, so a parked goroutine does not carry them.
 *
 * <p>Thread ownership: everything here except {@link #preempt} is touched only by the thread
 * currently running the goroutine. {@link #preempt} is written by sysmon.
 */
public abstract class Stack extends Segment {
    /** Version of the bytecode contract; {@link Instrumented#value()} of rewritten classes. */
    public static final int ABI_VERSION = 2;
    /** {@link #signal}: nothing pending. */
    public static final int IDLE = 0;
    /** {@link #signal}: a park is unwinding the frames. */
    public static final int UNWIND = -1;
    /** {@link #signal}: the method being entered must restore the top frame. */
    public static final int RESUME = -2;

    /** See the class comment. Owner thread only; plain field. */
    public int signal;
    /**
     * Set by sysmon to ask the goroutine to yield at its next loop back-edge; cleared when it
     * does. Volatile so the JIT cannot hoist the back-edge check out of a loop.
     */
    public volatile boolean preempt;


    // ---- write position: the end of the last batch ----
    private Segment wseg;
    private int wp, wr;

    // ---- the top batch: how to read it ----
    // Where it starts is not kept here: the first batch starts where the storage does (when
    // nothing is saved, the write position is the start of this stack, its own first segment),
    // and a nested batch's start is pushed with the read state of the batch under it.
    /** Number of batches in storage, the one being written included. */
    int depth;
    /** Read cursor: the next frame of the top batch to resume. */
    private Segment rseg;
    private int rp, rr;
    /**
     * Frames of the top batch: counted up while it is written (unwinding), then counted down
     * as they resume (>= 1 for every sealed batch in storage).
     */
    private int remaining;

    /** Whether the batch being written is the first this stack ever wrote: its size is
     *  learned by the body class's {@link FirstParkSize} at its seal. */
    private boolean firstBatch;

    /**
     * Slots the first batch used: all of each segment it filled, plus what it wrote into the
     * last (an overestimate when it overflowed, which only makes later first segments roomier).
     * For {@link FirstParkSize}. Call before {@link #seal}.
     */
    int firstBatchPrims() {
        int n = wp;
        for (Segment s = this; s != wseg; s = s.next) {
            n += s.prims.length;
        }
        return n;
    }

    /** See {@link #firstBatchPrims}. */
    int firstBatchRefs() {
        int n = wr;
        for (Segment s = this; s != wseg; s = s.next) {
            n += s.refs.length;
        }
        return n;
    }

    // For tests: the storage of a parked stack.
    int firstSegmentPrims() {
        return prims.length;
    }

    int firstSegmentRefs() {
        return refs.length;
    }

    boolean linkedSegments() {
        return next != null;
    }


    // ---- enclosing batches' read state, pushed when a new batch opens above them ----
    /**
     * While {@code depth >= 2}: the record of the batch just under the top one; otherwise the
     * first record made (kept for reuse), or null if the stack never nested (most never do).
     */
    private Enclosing enclosing;

    /**
     * The batch at some depth {@code d} while a batch is above it: its read state ({@link #rseg},
     * {@link #rp}, {@link #rr}, {@link #remaining}) and where the batch above it starts. One
     * record per nesting level, linked both ways and kept, so nesting again allocates nothing
     * and each push or pop is a few field stores (a park re-entered from the middle of a batch,
     * the common case in a loop, nests once per round trip).
     */
    private static final class Enclosing {
        Segment rseg;
        int rp, rr, remaining;
        /** Where the batch above starts. */
        Segment startSeg;
        int startP, startR;
        /** The record of depth {@code d - 1}, or null at depth 1. */
        final Enclosing below;
        /** The record of depth {@code d + 1}, once made. */
        Enclosing above;

        Enclosing(Enclosing below) {
            this.below = below;
        }
    }

    /**
     * The first segment's sizes before the body's class has parked once (see {@link
     * FirstParkSize}). Each saved frame takes its live primitives, and one or two refs (its
     * site, and the receiver of an instance method) plus its live references.
     */
    private static final int FIRST_SEGMENT_PRIMS = 8;
    private static final int FIRST_SEGMENT_REFS = 16;
    /** The primitive array of a first segment sized for frames that hold no primitives. */
    private static final long[] NO_PRIMS = new long[0];

    /** Only {@link Continuation} extends it: a stack and its continuation are one object. */
    Stack() {}

    /** The class of the body this stack runs: sizes the first segment. */
    abstract Class<?> bodyClass();

    /** The pinned path of a park: see {@link #rewind()}. */
    abstract void rewindPinned();

    /**
     * Readies the stack of an ended continuation for a new body. Every batch was read back, so
     * the write position is at the start of the first segment; segments linked after it (a deep
     * park of the last body) are dropped, so a reused stack keeps one segment.
     */
    void reset() {
        if (depth != 0 || wp != 0 || wr != 0) {
            throw new StackFault("reset: the stack of an ended continuation still holds frames");
        }
        signal = IDLE;
        if (preempt) {
            preempt = false;
        }
        if (wseg != null) {
            wseg.next = null;
        }
        enclosing = null;
    }

    // =========================================================================================
    // Finding the current stack
    // =========================================================================================

    /**
     * Where a thread that is not a {@link Carrier} keeps the stack it is running (tests, JMH,
     * a plain thread driving a continuation by hand). Registered once per thread and kept.
     */
    static final class ForeignSlot {
        Stack stack;
        final Registers registers = new Registers();
    }

    static final ThreadLocal<ForeignSlot> FOREIGN = new ThreadLocal<>();
    /**
     * Number of non-{@link Carrier} threads that ever ran a continuation. Read plain: a thread
     * that registered sees its own increment, and any other thread has no stack to find anyway.
     */
    private static int foreignThreads;
    private static final Object FOREIGN_LOCK = new Object();

    /**
     * The stack of the continuation running on this thread, or {@code null} (the code then runs
     * exactly as written: "dual mode"). Called in every rewritten method's prologue.
     */
    public static Stack current() {
        Thread t = Thread.currentThread();
        if (t instanceof Carrier) {
            return ((Carrier) t).stack;
        }
        if (foreignThreads == 0) {
            return null;
        }
        ForeignSlot slot = FOREIGN.get();
        return slot == null ? null : slot.stack;
    }

    /** Makes this the current stack of {@code t}; returns the previous one. Owner thread only. */
    Stack mount(Thread t) {
        if (t instanceof Carrier) {
            Carrier c = (Carrier) t;
            Stack prev = c.stack;
            c.stack = this;
            return prev;
        }
        ForeignSlot slot = FOREIGN.get();
        if (slot == null) {
            slot = new ForeignSlot();
            FOREIGN.set(slot);
            synchronized (FOREIGN_LOCK) {
                foreignThreads++;
            }
        }
        Stack prev = slot.stack;
        slot.stack = this;
        return prev;
    }

    /** Undoes {@link #mount}. */
    static void unmount(Thread t, Stack prev) {
        if (t instanceof Carrier) {
            ((Carrier) t).stack = prev;
        } else {
            FOREIGN.get().stack = prev;
        }
    }

    // =========================================================================================
    // Unwinding: called by the park primitives and by rewritten frames (save path)
    // =========================================================================================

    /** Opens a batch for the frames a park is about to save. Called by the park primitives. */
    void openBatch() {
        if (depth > 0) {
            pushEnclosing();
        }
        depth++;
        remaining = 0;
        if (wseg == null) { // the first park: this stack is its own first segment
            FirstParkSize first = FirstParkSize.of(bodyClass());
            // Racy reads of an int each (see FirstParkSize): one may be learned and the other
            // not yet, so each falls back on its own.
            int p = first.prims, r = first.refs;
            prims = p < 0 ? new long[FIRST_SEGMENT_PRIMS] : p == 0 ? NO_PRIMS : new long[p];
            refs = new Object[r < 0 ? FIRST_SEGMENT_REFS : Math.max(1, r)];
            wseg = this;
            firstBatch = true;
        }
    }

    /**
     * Starts the record of a frame that is unwinding; its values follow through the
     * {@code save*} methods. Rewritten code only.
     */
    public final void beginFrame(FrameSite site, Object self, int nPrims, int nRefs) {
        // self is null exactly for static methods (a receiver never is): constant at each
        // call site once inlined, as are the counts
        int needR = self == null ? nRefs + 1 : nRefs + 2;
        Segment s = wseg;
        if (wp + nPrims > s.prims.length || wr + needR > s.refs.length) {
            s = nextSegment(nPrims, needR);
        }
        Object[] refs = s.refs;
        refs[wr++] = site;
        if (self != null) {
            refs[wr++] = self;
        }
        remaining++;
    }

    /** Moves the write position to a segment with room for a record; links one if needed. */
    private Segment nextSegment(int needP, int needR) {
        Segment s = wseg;
        if (wr < s.refs.length) {
            s.refs[wr] = Segment.JUMP;
        }
        Segment n = s.next;
        if (n == null || n.prims.length < needP || n.refs.length < needR) {
            Segment fresh = new Segment(Math.max(Math.max(s.prims.length, 2) * 4, needP),
                    Math.max(s.refs.length * 4, needR));
            fresh.next = n; // a too-small segment stays reachable for later shallower parks
            s.next = fresh;
            n = fresh;
        }
        wseg = n;
        wp = 0;
        wr = 0;
        return n;
    }

    /** Saves an {@code int} (also {@code boolean}, {@code byte}, {@code char}, {@code short}). */
    public final void saveI(int v) {
        wseg.prims[wp++] = v;
    }

    /** Saves a {@code long}. */
    public final void saveJ(long v) {
        wseg.prims[wp++] = v;
    }

    /** Saves a {@code float}. */
    public final void saveF(float v) {
        wseg.prims[wp++] = Float.floatToRawIntBits(v);
    }

    /** Saves a {@code double}. */
    public final void saveD(double v) {
        wseg.prims[wp++] = Double.doubleToRawLongBits(v);
    }

    /** Saves a reference. */
    public final void saveA(Object v) {
        wseg.refs[wr++] = v;
    }

    /**
     * Ends an unwinding: the frames saved since {@link #openBatch} become the top batch, read back
     * in the order they were written. Called by {@link Continuation} when the unwinding reached
     * it, or by a frame that stopped the unwinding.
     */
    void seal() {
        if (firstBatch) {
            firstBatch = false;
            FirstParkSize.of(bodyClass()).learn(this);
        }
        if (depth == 1) {
            rseg = this;
            rp = 0;
            rr = 0;
        } else {
            Enclosing e = enclosing;
            rseg = e.startSeg;
            rp = e.startP;
            rr = e.startR;
        }
        if (remaining == 0) {
            closeBatch();
        } else {
            skipJump();
        }
    }

    // =========================================================================================
    // Resuming: called by Continuation (peek) and by rewritten frames (restore path)
    // =========================================================================================

    /** The site of the top frame, to resume it. */
    FrameSite peekSite() {
        return (FrameSite) rseg.refs[rr];
    }

    Object peekSelf(FrameSite site) {
        return site.hasSelf ? rseg.refs[rr + 1] : null;
    }

    /**
     * Starts restoring the top frame; returns the call site to jump to. Called by the prologue of
     * a method entered with {@link #RESUME}.
     */
    public final int resumePoint() {
        Object[] refs = rseg.refs;
        FrameSite site = (FrameSite) refs[rr];
        refs[rr++] = null; // the site and receiver, read by the driver already
        if (site.hasSelf) {
            refs[rr++] = null;
        }
        return site.point & 0xffff;
    }

    /** Restores an {@code int}. */
    public final int restoreI() {
        return (int) rseg.prims[rp++];
    }

    /** Restores a {@code long}. */
    public final long restoreJ() {
        return rseg.prims[rp++];
    }

    /** Restores a {@code float}. */
    public final float restoreF() {
        return Float.intBitsToFloat((int) rseg.prims[rp++]);
    }

    /** Restores a {@code double}. */
    public final double restoreD() {
        return Double.longBitsToDouble(rseg.prims[rp++]);
    }

    /** Restores a reference, clearing its slot (a parked stack keeps no garbage alive). */
    public final Object restoreA() {
        Object[] refs = rseg.refs;
        Object v = refs[rr];
        refs[rr++] = null;
        return v;
    }

    /**
     * Ends the restore of the top frame and moves to the next frame of the batch, or drops the
     * batch when it was the last. The restore code read every value the save code wrote (the
     * transformer emits both from one list), so the cursors already stand at the next record
     * and every reference slot of this one is cleared. Rewritten code only.
     */
    public final void endRestore() {
        if (--remaining == 0) {
            closeBatch();
        } else {
            skipJump();
        }
    }

    private void skipJump() {
        Segment s = rseg;
        if (rr >= s.refs.length || s.refs[rr] == Segment.JUMP) {
            rseg = s.next;
            rp = 0;
            rr = 0;
        }
    }

    /** The top batch is fully read: give its storage back and read the enclosing batch again. */
    private void closeBatch() {
        if (depth == 1) {
            wseg = this;
            wp = 0;
            wr = 0;
        } else {
            Enclosing e = enclosing;
            wseg = e.startSeg;
            wp = e.startP;
            wr = e.startR;
        }
        if (--depth > 0) {
            popEnclosing();
        } else {
            rseg = null;
            remaining = 0;
        }
    }

    /** Before a batch opens above the top one (at {@code depth >= 1}). */
    private void pushEnclosing() {
        Enclosing e = enclosing;
        if (depth == 1) {
            if (e == null) {
                e = enclosing = new Enclosing(null);
            }
        } else {
            Enclosing up = e.above;
            if (up == null) {
                up = e.above = new Enclosing(e);
            }
            e = enclosing = up;
        }
        e.rseg = rseg;
        e.rp = rp;
        e.rr = rr;
        e.remaining = remaining;
        e.startSeg = wseg; // the batch about to open starts at the write position
        e.startP = wp;
        e.startR = wr;
    }

    /** After the top batch closed, {@code depth} already lowered (to {@code >= 1}). */
    private void popEnclosing() {
        Enclosing e = enclosing;
        rseg = e.rseg;
        rp = e.rp;
        rr = e.rr;
        remaining = e.remaining;
        e.rseg = null;
        e.startSeg = null;
        if (depth > 1) {
            enclosing = e.below;
        }
    }

    // =========================================================================================
    // Return registers (of the running thread: see "Return registers" above)
    // =========================================================================================

    /** Takes the exception to rethrow at the restored call site, or {@code null}. */
    public final Throwable takeThrown() {
        Registers r = Registers.current();
        Throwable t = r.thrown;
        r.thrown = null;
        return t;
    }

    /** Sets the exception a resumed frame threw, for {@link #takeThrown}. */
    static void setThrown(Throwable t) {
        Registers.current().thrown = t;
    }

    public final void setRetI(int v) {
        Registers.current().prim = v;
    }

    public final void setRetJ(long v) {
        Registers.current().prim = v;
    }

    public final void setRetF(float v) {
        Registers.current().prim = Float.floatToRawIntBits(v);
    }

    public final void setRetD(double v) {
        Registers.current().prim = Double.doubleToRawLongBits(v);
    }

    public final void setRetA(Object v) {
        Registers.current().ref = v;
    }

    public final int retI() {
        return (int) Registers.current().prim;
    }

    public final long retJ() {
        return Registers.current().prim;
    }

    public final float retF() {
        return Float.intBitsToFloat((int) Registers.current().prim);
    }

    public final double retD() {
        return Double.longBitsToDouble(Registers.current().prim);
    }

    /** The reference result; the register is cleared so it keeps nothing alive. */
    public final Object retA() {
        Registers r = Registers.current();
        Object v = r.ref;
        r.ref = null;
        return v;
    }

    // =========================================================================================
    // Pinning and faults
    // =========================================================================================

    /**
     * Called by a frame that received {@link #UNWIND} but cannot return into its caller (a pinned
     * entry, or a call made while holding a monitor): blocks the carrier until the goroutine may
     * go on, then runs the frames saved above this one to completion, leaving the result of the
     * call in the return registers (or its exception). Rewritten code only.
     */
    public final void rewind() {
        rewindPinned();
    }

    /**
     * Calls {@code visitor} with the site of every saved frame, innermost first. Only while the
     * goroutine is parked (its owner is not running it).
     */
    void forEachFrame(java.util.function.Consumer<FrameSite> visitor) {
        if (depth == 0) {
            return;
        }
        walk(rseg, rr, remaining, visitor);
        Enclosing e = enclosing;
        for (int i = depth - 2; i >= 0; i--, e = e.below) {
            walk(e.rseg, e.rr, e.remaining, visitor);
        }
    }

    private static void walk(Segment seg, int r, int count,
            java.util.function.Consumer<FrameSite> visitor) {
        for (int n = 0; n < count && seg != null; n++) {
            if (r >= seg.refs.length || seg.refs[r] == Segment.JUMP) {
                seg = seg.next;
                r = 0;
                if (seg == null) {
                    return;
                }
            }
            FrameSite site = (FrameSite) seg.refs[r];
            visitor.accept(site);
            r += site.refSlots();
        }
    }

    /** The prologue found a resume point it does not have: the heap stack is corrupt. */
    public static StackFault badResumePoint(int point) {
        return new StackFault("resume: no call site " + point + " in the method being resumed");
    }
}
