package io.golib.runtime.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A P's local run queue: a 256-slot ring of runnable Gs plus the {@code runnext} slot. Port of
 * go1.22 runtime/proc.go: runqempty, runqput, runqputslow, runqputbatch, runqget, runqdrain,
 * runqgrab, runqsteal; and runtime/runtime2.go: p.runqhead, p.runqtail, p.runq, p.runnext.
 *
 * <h2>Roles</h2>
 * The <em>owner</em> is whoever currently holds the P (one carrier thread at a time; a P moves
 * between carriers, so the queue cannot check this itself: the P's acquire/release hand-off
 * orders one owner's accesses before the next's). Only the owner puts, and only the owner stores
 * {@code runqtail} and the ring slots. <em>Consumers</em> are the owner ({@link #get},
 * {@link #drain}, the slow path of {@link #put}) and thieves (other Ps' owners calling
 * {@link #steal} with this queue as the victim); every consumer commits by CAS on
 * {@code runqhead}. {@code runnext} is set non-null only by the owner, and taken (CAS to null) by
 * the owner or a thief.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>The queued Gs are the slots {@code [runqhead, runqtail)} (indices mod 256), oldest first,
 *       plus {@code runnext}. {@code 0 <= runqtail - runqhead <= 256} at every instant (unsigned
 *       32-bit arithmetic, as in Go: both counters wrap).
 *   <li>{@code runqhead} and {@code runqtail} only grow.
 *   <li>A G is in at most one slot of {@code [runqhead, runqtail)} or in {@code runnext}, never
 *       both, and on no other queue meanwhile.
 *   <li>Slots outside {@code [runqhead, runqtail)} hold stale references. They are not cleared:
 *       a thief cannot clear a slot it took without racing the owner refilling it, so up to 256
 *       Gs that already left may stay reachable per P until overwritten (Go has the same slots;
 *       its Gs are recycled, so this costs it nothing; a G kept on a free list should drop its
 *       continuation).
 * </ul>
 *
 * <h2>Protocols</h2>
 * <b>Publish by tail</b>: the owner writes the slot (plain), then store-releases
 * {@code runqtail}; a consumer load-acquires {@code runqtail}, then reads the slots below it.
 *
 * <p><b>Claim by head</b>: a consumer load-acquires {@code runqhead} = h, reads the slots
 * {@code [h, h+n)} plainly, then CASes {@code runqhead} from h to h+n. The reads are a race with
 * the owner refilling those slots, and the race is benign: the owner refills slot {@code h+i}
 * (as {@code h+i+256}) only after its load-acquire of {@code runqhead} returned a value above
 * {@code h+i}, a value that only a CAS later than any CAS from h can have written. So if our CAS
 * from h succeeds, our reads happen-before the CAS, which happens-before the owner's refill:
 * the reads saw the queued Gs. If the CAS fails, what we read is discarded. (A reference read is
 * never torn in Java, so a discarded read is merely stale.)
 *
 * <p>Go's {@code atomic.LoadAcq / StoreRel / CasRel} map to {@code getAcquire / setRelease /
 * compareAndSet} (the last is stronger than Go's, at no cost on x86). The accessors follow
 * JCTools' names: {@code lv} load with acquire, {@code lp} plain load, {@code so} store-release,
 * {@code cas}; each call site names the access it pairs with. As in Go's {@code p}, head and tail
 * are not padded apart.
 *
 * <h2>Debug mode</h2>
 * {@code -Dgolib.sched.randomize=true} turns on a randomized-order debug mode, Go's
 * {@code randomizeScheduler} (on under {@code -race}): {@link #put} with {@code next} uses
 * {@code runnext} only half the time, and the batches moved by the slow path of {@link #put} and
 * by {@link #putBatch} are shuffled. Code that passes its tests in this mode does not depend on
 * the scheduler's (unspecified) order of running goroutines.
 *
 * <p>Go's {@code !haveSysmon} clause of runqput (no runnext without sysmon, on wasm) is left to
 * the caller, who chooses {@code next}.
 */
final class RunQueue {
    /** Slots in the ring: Go's {@code len(pp.runq)}. A power of two (indices are masked). */
    static final int CAPACITY = 256;
    private static final int MASK = CAPACITY - 1;

    /**
     * Default of the randomized-order debug mode that shuffles run-queue order (see the class
     * comment); from {@code -Dgolib.sched.randomize=true}, off by default.
     */
    static final boolean RANDOMIZE = Boolean.getBoolean("golib.sched.randomize");

    /**
     * How long a thief waits before taking a running P's {@code runnext}. Go's reasoning
     * (runqgrab): the G running on the victim often readies another G into runnext and then
     * blocks almost at once; waiting gives the victim the chance to run it itself instead of
     * bouncing it between Ps. Requested as Go's {@code usleep(3)}; see {@link #backOff} for what
     * the kernel makes of it.
     */
    static final long STEAL_RUNNEXT_BACKOFF_NANOS = 3_000;

    /** The ring. Slots written only by the owner (publish by tail); read by consumers (claim by head). */
    private final G[] runq = new G[CAPACITY];
    /** Next slot to consume. Atomic: CAS by consumers, load-acquire by everyone. */
    @SuppressWarnings("unused") // accessed through HEAD
    private int runqhead;
    /** Next slot to fill. Owner only stores it (store-release); others load-acquire it. */
    @SuppressWarnings("unused") // accessed through TAIL
    private int runqtail;
    /**
     * The G to run next, ahead of the ring, or null. CAS by the owner (set and take) and by thieves
     * (take only); loads are acquire.
     */
    @SuppressWarnings("unused") // accessed through RUNNEXT
    private G runnext;

    /**
     * Whether the G returned by the last {@link #get} came from {@code runnext} and so inherits
     * the remaining time slice of the G that readied it (Go's {@code inheritTime}). Owner only.
     */
    boolean lastInheritTime;

    /** This queue's randomized-order debug mode (see the class comment). Immutable. */
    private final boolean randomize;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RUNNEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(RunQueue.class, "runqhead", int.class);
            TAIL = lookup.findVarHandle(RunQueue.class, "runqtail", int.class);
            RUNNEXT = lookup.findVarHandle(RunQueue.class, "runnext", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---------------------------------------------------------------- construction

    /** An empty queue, randomized iff {@link #RANDOMIZE}. */
    RunQueue() {
        this(RANDOMIZE);
    }

    /** An empty queue; {@code randomize} turns on the randomized-order debug mode (for tests). */
    RunQueue(boolean randomize) {
        this.randomize = randomize;
    }

    // ---------------------------------------------------------------- accessors

    private int lvHead() {
        return (int) HEAD.getAcquire(this);
    }

    private boolean casHead(int expect, int update) {
        return HEAD.compareAndSet(this, expect, update);
    }

    private int lvTail() {
        return (int) TAIL.getAcquire(this);
    }

    /** Plain load of the tail: only for the owner, the tail's only writer. */
    private int lpTail() {
        return (int) TAIL.get(this);
    }

    private void soTail(int value) {
        TAIL.setRelease(this, value);
    }

    private G lvRunnext() {
        return (G) RUNNEXT.getAcquire(this);
    }

    private boolean casRunnext(G expect, G update) {
        return RUNNEXT.compareAndSet(this, expect, update);
    }

    // ---------------------------------------------------------------- put

    /**
     * Puts {@code gp} on this queue: at the tail, or, if {@code next}, in {@code runnext} (the old
     * runnext, if any, moves to the tail). If the ring is full, moves half of it plus {@code gp}
     * to {@code global}, taking {@code global.lock}. Port of runqput. Executed only by the owner P.
     */
    void put(G gp, boolean next, GlobalQueue global) {
        if (randomize && next && ThreadLocalRandom.current().nextInt(2) == 0) {
            next = false;
        }
        if (next) {
            G oldnext;
            do {
                oldnext = lvRunnext(); // acquire; a thief may take it concurrently, hence the CAS
            } while (!casRunnext(oldnext, gp)); // pairs with the CAS-to-null in get and grab
            if (oldnext == null) {
                return;
            }
            // Kick the old runnext out to the regular run queue.
            gp = oldnext;
        }
        for (;;) {
            int h = lvHead(); // acquire; pairs with the consumers' CAS: their reads of the slot we refill are done
            int t = lpTail();
            if (Integer.compareUnsigned(t - h, CAPACITY) < 0) {
                runq[t & MASK] = gp;
                soTail(t + 1); // release: publishes the slot; pairs with lvTail in grab and isEmpty
                return;
            }
            if (putSlow(gp, h, t, global)) {
                return;
            }
            // The queue is not full any more (a consumer took some), so the put above succeeds.
        }
    }

    /**
     * Moves {@code gp} and the older half of the full ring to {@code global} as one batch;
     * returns false if a consumer took some Gs meanwhile (then the ring has room). Port of
     * runqputslow. Executed only by the owner P.
     */
    private boolean putSlow(G gp, int h, int t, GlobalQueue global) {
        // Go uses a stack array; this one allocation per 128 Gs moved is off the fast path.
        G[] batch = new G[CAPACITY / 2 + 1];

        // First, grab a batch from the local queue.
        int n = (t - h) >>> 1; // unsigned (t - h) / 2
        if (n != CAPACITY / 2) {
            throw new SchedFault("runqputslow: queue is not full");
        }
        for (int i = 0; i < n; i++) {
            batch[i] = runq[(h + i) & MASK]; // claim by head
        }
        if (!casHead(h, h + n)) { // commits the consume; pairs with lvHead in put and grab
            return false;
        }
        batch[n] = gp;

        if (randomize) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 1; i <= n; i++) {
                int j = random.nextInt(i + 1);
                G swap = batch[i];
                batch[i] = batch[j];
                batch[j] = swap;
            }
        }

        // Link the goroutines. The monitor exit below publishes the links.
        for (int i = 0; i < n; i++) {
            batch[i].schedlink = batch[i + 1];
        }

        // Now put the batch on the global queue.
        synchronized (global.lock) {
            global.putBatch(batch[0], batch[n], n + 1);
        }
        return true;
    }

    /**
     * Puts the {@code n} Gs linked through {@code schedlink} from {@code batchHead} to
     * {@code batchTail} at the tail of this queue, in order; those that do not fit go to
     * {@code global}, taking {@code global.lock}. Port of go1.22 runqputbatch (used by
     * injectglist). Executed only by the owner P.
     */
    void putBatch(G batchHead, G batchTail, int n, GlobalQueue global) {
        int h = lvHead(); // acquire; pairs with the consumers' CAS, as in put
        int t0 = lpTail();
        int t = t0;
        int placed = 0;
        G gp = batchHead;
        while (placed < n && Integer.compareUnsigned(t - h, CAPACITY) < 0) {
            G rest = gp.schedlink;
            gp.schedlink = null; // it leaves the list (Go leaves the stale link; see GlobalQueue.get)
            runq[t & MASK] = gp;
            gp = rest;
            t++;
            placed++;
        }

        if (randomize) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 1; i < placed; i++) {
                int j = random.nextInt(i + 1);
                G swap = runq[(t0 + i) & MASK];
                runq[(t0 + i) & MASK] = runq[(t0 + j) & MASK];
                runq[(t0 + j) & MASK] = swap;
            }
        }

        soTail(t); // release: publishes the slots; pairs with lvTail in grab and isEmpty
        if (placed < n) {
            synchronized (global.lock) {
                global.putBatch(gp, batchTail, n - placed);
            }
        }
    }

    // ---------------------------------------------------------------- get

    /**
     * Takes the next G to run: {@code runnext} if set, else the oldest in the ring; null if the
     * queue is empty. Sets {@link #lastInheritTime} (true iff it came from {@code runnext}). Port
     * of runqget. Executed only by the owner P.
     */
    G get() {
        // If there's a runnext, it's the next G to run.
        G next = lvRunnext();
        // If runnext is non-null and the CAS fails, a thief took it: thieves can race to set
        // runnext to null, but only the owner (us) sets it non-null. So no retry.
        if (next != null && casRunnext(next, null)) { // pairs with the CAS in grab
            lastInheritTime = true;
            return next;
        }
        lastInheritTime = false;
        for (;;) {
            int h = lvHead(); // acquire; synchronizes with other consumers
            int t = lpTail();
            if (t == h) {
                return null;
            }
            G gp = runq[h & MASK];
            if (casHead(h, h + 1)) { // commits the consume; pairs with lvHead in put and grab
                return gp;
            }
        }
    }

    /**
     * Takes every G on this queue, {@code runnext} first, then the ring oldest first, into
     * {@code out} (length at least {@code CAPACITY + 1}); returns how many. For a P being
     * destroyed. Port of runqdrain. Executed only by the owner P.
     */
    int drain(G[] out) {
        if (out.length < CAPACITY + 1) {
            throw new SchedFault("runqdrain: out is shorter than CAPACITY + 1");
        }
        int count = 0;
        G oldNext = lvRunnext();
        if (oldNext != null && casRunnext(oldNext, null)) { // pairs with the CAS in grab
            out[count++] = oldNext;
        }
        for (;;) {
            int h = lvHead(); // acquire; synchronizes with other consumers
            int t = lpTail();
            int qn = t - h;
            if (qn == 0) {
                return count;
            }
            if (Integer.compareUnsigned(qn, CAPACITY) > 0) { // read inconsistent h and t
                continue;
            }
            if (!casHead(h, h + qn)) { // commits the consume; pairs with lvHead in put and grab
                continue;
            }
            // Go advances the head before reading the slots (golang-dev thread 0pTKxEKhHSc): once
            // the CAS succeeds no thief can take these Gs, and only the owner (us) writes slots,
            // so reading them afterwards is safe and each G is handed out exactly once.
            for (int i = 0; i < qn; i++) {
                out[count++] = runq[(h + i) & MASK];
            }
            return count;
        }
    }

    // ---------------------------------------------------------------- steal

    /**
     * Steals half of {@code victim}'s ring (rounded up) into this queue and returns one of the
     * stolen Gs to run, or null if there was nothing to steal. If {@code stealRunNextG} and the
     * victim's ring is empty, takes its {@code runnext} instead, after the back-off of
     * {@link #STEAL_RUNNEXT_BACKOFF_NANOS}. Port of runqsteal. Executed only by the owner P of
     * this queue (the thief); {@code victim} belongs to another P.
     *
     * <p>Room: at most 128 Gs arrive, so the caller's own queue must hold at most 128 (Go calls
     * this from findRunnable with an empty local queue); otherwise {@link SchedFault}
     * "runqsteal: runq overflow".
     */
    G steal(RunQueue victim, boolean stealRunNextG) {
        return steal(victim, stealRunNextG, true);
    }

    /**
     * {@link #steal(RunQueue, boolean)}, with the back-off before taking runnext only if
     * {@code backOff}. Go backs off when the victim P is running and its current G, if any, is
     * not in a system call (the victim is in or near its scheduler and will run runnext itself
     * shortly); the queue does not know its P's state, so the caller decides.
     */
    G steal(RunQueue victim, boolean stealRunNextG, boolean backOff) {
        assert victim != this : "runqsteal: a P cannot steal from itself";
        int t = lpTail();
        int n = victim.grab(runq, t, stealRunNextG, backOff);
        if (n == 0) {
            return null;
        }
        n--;
        G gp = runq[(t + n) & MASK]; // not published: it is ours to run
        if (n == 0) {
            return gp;
        }
        int h = lvHead(); // acquire; synchronizes with consumers
        if (Integer.compareUnsigned(t - h + n, CAPACITY) >= 0) {
            throw new SchedFault("runqsteal: runq overflow");
        }
        soTail(t + n); // release: publishes the stolen Gs; pairs with lvTail in grab and isEmpty
        return gp;
    }

    /**
     * Claims half of this queue's ring (rounded up), or its runnext (see {@link #steal}), copying
     * the Gs into the ring {@code batch} from index {@code batchHead}; returns how many. Port of
     * runqgrab. Can be executed by any P.
     */
    private int grab(G[] batch, int batchHead, boolean stealRunNextG, boolean backOff) {
        for (;;) {
            int h = lvHead(); // acquire; synchronizes with other consumers
            int t = lvTail(); // acquire; pairs with soTail in put, putBatch, steal: the slots are visible
            int n = t - h;
            n = n - (n >>> 1); // unsigned n - n/2
            if (n == 0) {
                if (stealRunNextG) {
                    // Try to steal from runnext.
                    G next = lvRunnext(); // acquire; pairs with the CAS in put
                    if (next != null) {
                        if (backOff) {
                            backOff();
                        }
                        if (!casRunnext(next, null)) { // pairs with the CAS in get
                            continue;
                        }
                        batch[batchHead & MASK] = next;
                        return 1;
                    }
                }
                return 0;
            }
            if (Integer.compareUnsigned(n, CAPACITY / 2) > 0) { // read inconsistent h and t
                continue;
            }
            for (int i = 0; i < n; i++) {
                batch[(batchHead + i) & MASK] = runq[(h + i) & MASK]; // claim by head
            }
            if (casHead(h, h + n)) { // commits the consume; pairs with lvHead in put
                return n;
            }
        }
    }

    /**
     * Sleeps {@link #STEAL_RUNNEXT_BACKOFF_NANOS} before taking runnext: Go's {@code usleep(3)},
     * which Linux stretches to its timer slack (~50 µs). The coarseness is the point, measured:
     * a thief that instead spun until runnext changed kept reading the victim's queue while two
     * goroutines ping-ponged on it, so every hand-off paid for a contended cache line, and it
     * gave up often enough to be woken again; ping-pong at GOMAXPROCS 2 cost 1.4–1.9 µs per
     * round trip against 0.6–0.9 µs at GOMAXPROCS 1. Sleeping keeps the thief off the line and
     * counted as spinning (so {@code ready} wakes nobody), as in Go: 0.5–0.7 µs at both.
     */
    private static void backOff() {
        long deadline = System.nanoTime() + STEAL_RUNNEXT_BACKOFF_NANOS;
        for (long left = STEAL_RUNNEXT_BACKOFF_NANOS; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left); // may return early (spuriously): sleep the rest
        }
    }

    // ---------------------------------------------------------------- observers

    /**
     * Whether this queue has no G, ring and runnext. Never returns true spuriously: a G that is
     * on the queue during the whole call is seen. Port of runqempty. Can be executed by any P.
     *
     * <p>The re-check of the tail defends against this race (Go's comment): 1) runnext holds G1,
     * head == tail; 2) the owner's put kicks G1 to the ring; 3) the owner's get empties runnext.
     * Seeing head == tail before 2 and runnext == null after 3 does not mean the queue is empty.
     * With acquire loads the defence holds: reading the null written by 3 (a volatile CAS)
     * makes the tail store of 2, which precedes it in the owner's order, visible to the re-read.
     */
    boolean isEmpty() {
        for (;;) {
            int head = lvHead();
            int tail = lvTail(); // acquire; pairs with soTail
            G next = lvRunnext(); // acquire; pairs with the CASes on runnext
            if (tail == lvTail()) {
                return head == tail && next == null;
            }
        }
    }

    /**
     * Approximate number of Gs (ring plus runnext): exact only when the queue is quiescent. For
     * statistics and heuristics. Can be executed by any P.
     */
    int size() {
        int h = lvHead();
        int t = lvTail();
        int n = t - h;
        if (Integer.compareUnsigned(n, CAPACITY) > 0) { // h went stale while we read t
            n = CAPACITY;
        }
        return lvRunnext() != null ? n + 1 : n;
    }
}
