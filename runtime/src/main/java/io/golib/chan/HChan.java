package io.golib.chan;

import io.golib.runtime.sched.G;
import io.golib.runtime.stack.Continuation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A channel: the algorithm every channel type shares. Port of go1.22 runtime/chan.go: hchan,
 * makechan, chansend, send, chanrecv, recv, closechan, waitq.enqueue/dequeue, and of
 * runtime/select.go: waitq.dequeueSudoG.
 *
 * <p>The element types differ only in where an element lives: {@link Chan} keeps references
 * (an {@code Object[]} ring), the primitive channels keep raw bits (a {@code long[]} ring: an
 * {@code int}, {@code long} or {@code double}'s bits), so no primitive is ever boxed. Every operation carries
 * both halves, {@code (Object ref, long bits)}, and exactly one is meaningful; the typed faces
 * ({@link Chan}, {@code IntChan}, ...) convert at the door.
 *
 * <h2>Invariants (Go's, under {@link #lock})</h2>
 * <ul>
 *   <li>At least one of the send and receive queues is empty, except for an unbuffered channel
 *       with one goroutine blocked in a select on both its send and its receive.
 *   <li>For a buffered channel: {@code qcount > 0} implies the receive queue is empty, and
 *       {@code qcount < cap} implies the send queue is empty.
 *   <li>Buffer slots outside {@code [recvx, recvx + qcount)} hold null (no leaked references).
 *   <li>A closed channel never reopens; its queues are empty once {@link #close} returns.
 * </ul>
 *
 * <h2>Locks</h2>
 * {@link #lock} guards every field here and the queued waiters' links, elements and
 * {@code success}. It is a leaf, except that a select holds the locks of all its channels, taken
 * in increasing {@link #id} order ({@link SelectGo}). Critical sections never park and never run
 * user code: the lock is released before a waiter is woken and, for a waiter that blocks, only
 * once it is fully parked (the {@link #unlockAfterPark} function given to the park). A thread
 * that waits long for the lock sleeps in {@link LockSleep}, whose bucket monitors are leaves
 * (taken with channel locks held, nothing taken under them).
 *
 * <h2>Rejected</h2>
 * <ul>
 *   <li>{@code synchronized}: a monitor cannot be released by the scheduler after the goroutine
 *       has unwound (Go's {@code gopark(chanparkcommit, &c.lock)}), and a call under a monitor
 *       would pin the goroutine to its carrier.
 *   <li>A {@code ReentrantLock} per channel: another object per channel and a queue node per
 *       contended acquire, for sections a few dozen instructions long.
 *   <li>Lock-free channels (Koval, Elizarov, Alistarh; kotlinx): faster under contention, but
 *       {@code select} over them is a separate algorithm; golib keeps Go's, whose behaviour the
 *       tests compare with.
 * </ul>
 */
abstract class HChan {
    private static final AtomicLong IDS = new AtomicLong();

    /** Status of a receive, for the primitive faces (a {@link Chan} receive returns the value). */
    static final int RECEIVED = 1;
    static final int CLOSED = 2;
    static final int NOT_READY = 0;

    /** Lock word states, lock_futex.go's: free; held; held and a thread may sleep on it. */
    private static final int MUTEX_UNLOCKED = 0;
    private static final int MUTEX_LOCKED = 1;
    private static final int MUTEX_SLEEPING = 2;
    /** lock_futex.go's active_spin and active_spin_cnt: 4 probes, 30 PAUSEs after each. */
    private static final int ACTIVE_SPIN = 4;
    private static final int ACTIVE_SPIN_CNT = 30;

    /** Lock order for select (Go sorts by address, which Java does not have). Immutable. */
    final long id = IDS.getAndIncrement();
    /** Buffer size (Go's dataqsiz). Immutable. */
    final int capacity;
    /** Whether elements are raw bits (primitive channels) rather than references. */
    private final boolean primitive;
    /** The ring: an {@code Object[]} (references) or a {@code long[]} (primitive), or null when
     *  unbuffered. One field, not one per kind: that keeps a channel at 56 bytes. */
    private final Object buf;
    /** Elements in the ring; written under the lock, read racily by {@link #len()} and the
     *  non-blocking fast paths (opaque loads, see there). */
    private int qcount;
    private int sendx;
    private int recvx;
    /** Set once, under the lock, by a release store; read racily with acquire loads. */
    private boolean closed;
    /**
     * The receive queue (Go's recvq) and the send queue (sendq), each by its first waiter: a
     * queue is a circular doubly linked list (the first waiter's {@code prev} is the last), so
     * one field per queue does what Go's first and last do. A waiter is in a queue exactly when
     * its links are not null.
     */
    private Waiter recvFirst;
    private Waiter sendFirst;
    /** {@link #MUTEX_UNLOCKED}, {@link #MUTEX_LOCKED} or {@link #MUTEX_SLEEPING} (lock_futex.go's
     *  states). CAS or swap to take, swap to release; see {@link #lock()}. */
    private volatile int lock;

    /** The largest buffer: HotSpot refuses arrays within a few elements of Integer.MAX_VALUE
     *  ("Requested array size exceeds VM limit"), as Go's makechan refuses sizes past maxAlloc. */
    static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    /** makechan. {@code primitive}: whether elements are bits rather than references. */
    HChan(int capacity, boolean primitive) {
        if (capacity < 0) {
            throw new IllegalArgumentException("makechan: size out of range: " + capacity
                    + " (a channel's capacity is 0 for unbuffered, or positive)");
        }
        if (capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("makechan: size out of range: " + capacity
                    + " (at most " + MAX_CAPACITY + ", the largest array the JVM makes)");
        }
        this.capacity = capacity;
        this.primitive = primitive;
        this.buf = capacity == 0 ? null : primitive ? new long[capacity] : new Object[capacity];
    }

    // =========================================================================================
    // Send
    // =========================================================================================

    /** Wait reasons of the blocking operations, for dumps (Go's waitReasonChanSend ...). */
    static final String SEND_WAIT = "chan send";
    static final String RECV_WAIT = "chan receive";
    /** chanparkcommit, as the park's unlock function. */
    static final G.Unlocker UNLOCK_AFTER_PARK = HChan::unlockAfterPark;

    /**
     * chansend up to its wait. Sends {@code (ref, bits)} if a receiver waits or the buffer has
     * room, and returns null. Otherwise queues the caller's waiter with the value and returns its
     * parker, the channel still locked; the caller then waits and ends with {@link #sendWaited}.
     *
     * <p>A park saves every frame between the operation and the park, so the public operations
     * park as close to their caller as they can. {@code send} and {@code recv} are blocking
     * primitives: they call nothing suspendable, so the transformer leaves them as they are,
     * and a goroutine parks <em>in the caller's frame</em> ({@code Continuation.parkAs}, keyed as
     * the rewritten caller calls them), a completion ({@link #SENT}, {@link #RECEIVED_REF},
     * {@link #RECEIVED_BITS}) ending the operation when it resumes:
     * <pre>{@code
     * Parker p = sendOrQueue(ref, bits);
     * if (p != null) {
     *     if (p.prepareBlock(SEND_WAIT, UNLOCK_AFTER_PARK, this)
     *             && Continuation.parkAs(SEND_KEY, SENT)) {
     *         return; // the caller's frame parks
     *     }
     *     sendWaited(p); // a plain thread, woken; or a pinned park, over
     * }}</pre>
     * Operations with more to do after the wait than a completion can (a receive into a
     * {@code Received} holder: the holder is a local) park in their own frame instead:
     * {@code if (p.prepareBlock(...)) { Continuation.park(); }}, then the same ending.
     *
     * @throws ChanClosedException if the channel is closed
     */
    final Parker sendOrQueue(Object ref, long bits) {
        if (sendNow(ref, bits, true)) {
            return null;
        }
        Parker p = Parker.current();
        Waiter w = p; // its own waiter for plain operations
        w.prepare(this, ref, bits, false);
        enqueueSend(w);
        return p;
    }

    /** The end of a send that parked in its caller's frame (see {@link #sendOrQueue}). */
    static final Continuation.Completion SENT = () -> sendWaited(Parker.current());

    /** The end of a receive that parked in its caller's frame: the element, null if closed. */
    static final Continuation.Completion RECEIVED_REF = () -> {
        Parker p = Parker.current();
        recvWaited(p);
        Continuation.returnRef(p.takeRef());
    };

    /**
     * The end of a primitive receive that parked in its caller's frame: the element's bits (0 if
     * closed) as the caller's {@code int}, {@code long} or {@code double} result, which the
     * return register holds as those bits (an {@code int} sign-extended, a {@code double} raw).
     */
    static final Continuation.Completion RECEIVED_BITS = () -> {
        Parker p = Parker.current();
        recvWaited(p);
        Continuation.returnPrim(p.bits);
    };

    /**
     * The end of a send that waited (see {@link #sendOrQueue}).
     *
     * @throws ChanClosedException if a close woke it
     */
    static void sendWaited(Parker p) {
        Waiter w = p; // its own waiter for plain operations
        boolean sent = w.success;
        w.clear();
        if (!sent) {
            throw new ChanClosedException("send on closed channel");
        }
    }

    /** chansend, non-blocking (Go's select with a default): whether it was sent. */
    final boolean trySendNow(Object ref, long bits) {
        return sendNow(ref, bits, false);
    }

    /**
     * The part of chansend that does not wait: hands the value to a waiting receiver or buffers
     * it, and returns true, unlocked. Otherwise returns false, still holding the lock if
     * {@code keepLocked} (the caller is about to wait), unlocked if not.
     */
    private boolean sendNow(Object ref, long bits, boolean keepLocked) {
        // Fast path for a failed non-blocking send, as Go's: a channel that is not closed and is
        // full. Both reads are racy; chan.go's argument holds here too: a channel never reopens,
        // so if it was open at the first read and full at the second, there was an instant when
        // it was open and full and the send could not proceed. A closed channel is caught under
        // the lock below.
        if (!keepLocked && !isClosedAcquire() && fullOpaque()) {
            return false;
        }
        lock();
        if (closed) {
            unlock();
            throw new ChanClosedException("send on closed channel");
        }
        Waiter r = dequeueRecv();
        if (r != null) {
            Parker receiver = handOff(r, ref, bits);
            unlock();
            receiver.wake();
            return true;
        }
        if (qcount < capacity) {
            put(ref, bits);
            unlock();
            return true;
        }
        if (!keepLocked) {
            unlock();
        }
        return false;
    }

    /**
     * send: hands {@code (ref, bits)} straight to a blocked receiver (for a buffered channel, the
     * buffer had to be empty for a receiver to wait). Lock held; the caller unlocks, then wakes
     * the returned parker.
     */
    final Parker handOff(Waiter r, Object ref, long bits) {
        r.ref = ref;
        r.bits = bits;
        r.success = true;
        Parker p = r.parker();
        p.param = r;
        return p;
    }

    // =========================================================================================
    // Receive
    // =========================================================================================

    /**
     * chanrecv up to its wait, into {@code into} ({@code ref}, {@code bits}, {@code success}):
     * {@link #RECEIVED}, or {@link #CLOSED} with the zero value, done; or
     * {@link #NOT_READY} with {@code into}'s waiter queued and the channel still locked: the
     * caller then waits in its own frame, as for {@link #sendOrQueue}, and ends with
     * {@link #recvWaited}.
     */
    final int recvOrQueue(Parker into) {
        int status = recvNow(into, true);
        if (status == NOT_READY) {
            Waiter w = into; // its own waiter for plain operations
            w.prepare(this, null, 0L, false);
            enqueueRecv(w);
        }
        return status;
    }

    /**
     * The end of a receive that waited (see {@link #recvOrQueue}): moves what the waker left into
     * the parker's result; {@link #RECEIVED} or {@link #CLOSED}.
     */
    static int recvWaited(Parker into) {
        // The waker left the element in the parker's own waiter, which is also where a receive's
        // result goes: nothing to move, only the wait to forget.
        into.chan = null;
        return into.success ? RECEIVED : CLOSED;
    }

    /** chanrecv, non-blocking: {@link #RECEIVED}, {@link #CLOSED} or {@link #NOT_READY}. */
    final int tryRecvNow(Parker into) {
        return recvNow(into, false);
    }

    /**
     * The part of chanrecv that does not wait. Returns {@link #RECEIVED} or {@link #CLOSED},
     * unlocked; or {@link #NOT_READY}, still holding the lock if {@code keepLocked}.
     */
    private int recvNow(Parker into, boolean keepLocked) {
        // Fast path for a failed non-blocking receive (chan.go's argument): read "empty", then
        // "closed". Open at the second read means it was open at the first too, when it was
        // empty: not ready at that instant. Closed at the second read: read "empty" again; if
        // still empty, it was closed and empty at that instant (a closed channel only drains).
        if (!keepLocked && emptyOpaque()) {
            if (!isClosedAcquire()) {
                return NOT_READY;
            }
            if (emptyOpaque()) {
                into.ref = null;
                into.bits = 0;
                into.success = false;
                return CLOSED;
            }
        }
        lock();
        if (closed && qcount == 0) {
            unlock();
            into.ref = null;
            into.bits = 0;
            into.success = false;
            return CLOSED;
        }
        Waiter s = dequeueSend();
        if (s != null) {
            Parker sender = takeFrom(s, into);
            unlock();
            sender.wake();
            return RECEIVED;
        }
        if (qcount > 0) {
            take(into);
            unlock();
            return RECEIVED;
        }
        if (!keepLocked) {
            unlock();
        }
        return NOT_READY;
    }

    /**
     * recv: takes from a blocked sender. Unbuffered: its value directly. Buffered (then full):
     * the head of the buffer, and the sender's value goes to the tail, so FIFO order holds. Lock
     * held; the caller unlocks, then wakes the returned parker.
     */
    final Parker takeFrom(Waiter s, Parker into) {
        if (capacity == 0) {
            into.ref = s.ref;
            into.bits = s.bits;
        } else {
            int i = recvx;
            if (!primitive) {
                Object[] refs = (Object[]) buf;
                into.ref = refs[i];
                refs[i] = s.ref;
            } else {
                long[] bits = (long[]) buf;
                into.ref = null;
                into.bits = bits[i];
                bits[i] = s.bits;
            }
            recvx = i + 1 == capacity ? 0 : i + 1;
            sendx = recvx; // the buffer stays full
        }
        into.success = true;
        s.ref = null;
        s.success = true;
        Parker p = s.parker();
        p.param = s;
        return p;
    }

    // =========================================================================================
    // Close
    // =========================================================================================

    /**
     * closechan: closes, then wakes every blocked receiver (zero value) and sender (throws).
     *
     * @throws ChanClosedException "close of closed channel"
     */
    public final void close() {
        lock();
        if (closed) {
            unlock();
            throw new ChanClosedException("close of closed channel");
        }
        // Release: a thread that sees "closed" without taking the lock (isClosed, the
        // non-blocking fast paths) also sees everything the closer did before close(), as Go
        // guarantees ("the closing of a channel is synchronized before a receive that returns
        // because the channel is closed"). Pairs with the acquire in isClosedAcquire.
        CLOSED_FLAG.setRelease(this, true);
        // Collect the waiters under the lock, wake them after (Go's glist), so no woken
        // goroutine spins on our lock.
        Waiter wake = null;
        for (Waiter w; (w = dequeueRecv()) != null; ) {
            w.ref = null;
            w.bits = 0;
            w.success = false;
            w.parker().param = w;
            w.next = wake;
            wake = w;
        }
        for (Waiter w; (w = dequeueSend()) != null; ) {
            w.success = false;
            w.parker().param = w;
            w.next = wake;
            wake = w;
        }
        unlock();
        while (wake != null) {
            Waiter next = wake.next;
            wake.next = null;
            wake.parker().wake();
            wake = next;
        }
    }

    /** Whether the channel was closed (values may still be buffered). */
    public final boolean isClosed() {
        return isClosedAcquire();
    }

    /** Elements in the buffer now. */
    public final int len() {
        return (int) QCOUNT.getOpaque(this);
    }

    /** The buffer size (0 for unbuffered). */
    public final int cap() {
        return capacity;
    }

    // =========================================================================================
    // Buffer (lock held)
    // =========================================================================================

    /** Appends to the ring; there is room. */
    final void put(Object ref, long bits) {
        int i = sendx;
        if (!primitive) {
            ((Object[]) buf)[i] = ref;
        } else {
            ((long[]) buf)[i] = bits;
        }
        sendx = i + 1 == capacity ? 0 : i + 1;
        QCOUNT.setOpaque(this, qcount + 1);
    }

    /** Removes the head of the ring into {@code into}; the ring is not empty. */
    final void take(Parker into) {
        int i = recvx;
        if (!primitive) {
            Object[] refs = (Object[]) buf;
            into.ref = refs[i];
            refs[i] = null;
        } else {
            into.ref = null;
            into.bits = ((long[]) buf)[i];
        }
        into.success = true;
        recvx = i + 1 == capacity ? 0 : i + 1;
        QCOUNT.setOpaque(this, qcount - 1);
    }

    // =========================================================================================
    // Select's access (lock held; see SelectGo, which follows select.go's pass 1 with these)
    // =========================================================================================

    /** Whether the channel is closed. Lock held. */
    final boolean closedLocked() {
        return closed;
    }

    /** Whether the ring has an element. Lock held. */
    final boolean hasBuffered() {
        return qcount > 0;
    }

    /** Whether the ring has room. Lock held. */
    final boolean hasRoom() {
        return qcount < capacity;
    }

    final void enqueue(Waiter w, boolean sendq) {
        if (sendq) {
            enqueueSend(w);
        } else {
            enqueueRecv(w);
        }
    }

    /** dequeueSudoG: removes a select waiter that lost, if still queued. Lock held. */
    final void remove(Waiter w, boolean sendq) {
        if (w.next == null) {
            return; // already dequeued by a waker
        }
        Waiter rest = unlink(w);
        if (sendq) {
            if (sendFirst == w) {
                sendFirst = rest;
            }
        } else if (recvFirst == w) {
            recvFirst = rest;
        }
    }

    // =========================================================================================
    // Wait queues (lock held). Go's waitq, its two queues kept inline to save two objects.
    // =========================================================================================

    private void enqueueRecv(Waiter w) {
        recvFirst = append(recvFirst, w);
    }

    private void enqueueSend(Waiter w) {
        sendFirst = append(sendFirst, w);
    }

    /** waitq.enqueue: {@code w} at the end of the queue that starts at {@code first}; the new
     *  first waiter. */
    private static Waiter append(Waiter first, Waiter w) {
        if (first == null) {
            w.next = w;
            w.prev = w;
            return w;
        }
        Waiter last = first.prev;
        w.prev = last;
        w.next = first;
        last.next = w;
        first.prev = w;
        return first;
    }

    /**
     * Unlinks {@code w} from its queue; returns the waiter after it, which is the queue's new
     * first waiter if {@code w} was the first, or null if {@code w} was the only one.
     */
    private static Waiter unlink(Waiter w) {
        Waiter y = w.next;
        Waiter rest = null;
        if (y != w) {
            Waiter last = w.prev;
            y.prev = last;
            last.next = y;
            rest = y;
        }
        w.next = null;
        w.prev = null;
        return rest;
    }

    /**
     * waitq.dequeue of the receive queue: the first waiter that can still be woken. A select
     * waiter whose select another channel already won is dropped (its owner removes the rest
     * when it relocks), as Go's selectDone check.
     */
    final Waiter dequeueRecv() {
        for (;;) {
            Waiter w = recvFirst;
            if (w == null) {
                return null;
            }
            recvFirst = unlink(w);
            if (w.isSelect && !w.parker().winSelect()) {
                continue;
            }
            return w;
        }
    }

    final Waiter dequeueSend() {
        for (;;) {
            Waiter w = sendFirst;
            if (w == null) {
                return null;
            }
            sendFirst = unlink(w);
            if (w.isSelect && !w.parker().winSelect()) {
                continue;
            }
            return w;
        }
    }

    // =========================================================================================
    // The lock
    // =========================================================================================

    /**
     * Takes the channel lock. Port of go1.22 runtime/lock_futex.go: lock2. A CAS for the free
     * lock; under contention {@link #lockSlow}: spin, yield once, then sleep until the holder's
     * {@link #unlock} wakes us. Sections are a few dozen instructions and never block, so most
     * waits end while spinning; sleeping is for the rest: a holder the OS descheduled, or two
     * carriers that would otherwise trade the channel's cache line on every operation (one
     * sleeps, the other runs its goroutines' operations uncontended, as Go's Ms do).
     */
    final void lock() {
        if (!LOCK.compareAndSet(this, MUTEX_UNLOCKED, MUTEX_LOCKED)) {
            lockSlow();
        }
    }

    /**
     * lock2's slow path. {@code wait} is what we store when we take the lock: {@code LOCKED}
     * until we have slept; after that {@code SLEEPING}, since others may still sleep and the
     * word must keep saying so (lock2's comment: "if we ever change l->key from MUTEX_SLEEPING
     * to some other value, we must be careful to change it back"). Each probe re-reads the word
     * before its CAS (test-and-test-and-set) and is followed by a burst of PAUSEs, so a waiter
     * touches the holder's cache line a few times per microsecond, not on every PAUSE.
     */
    private void lockSlow() {
        int wait = MUTEX_LOCKED;
        for (;;) {
            // Try for lock, spinning (active_spin rounds of active_spin_cnt PAUSEs).
            for (int i = 0; i < ACTIVE_SPIN; i++) {
                while (lock == MUTEX_UNLOCKED) {
                    if (LOCK.compareAndSet(this, MUTEX_UNLOCKED, wait)) {
                        return;
                    }
                }
                for (int k = 0; k < ACTIVE_SPIN_CNT; k++) {
                    Thread.onSpinWait();
                }
            }
            // Try for lock, rescheduling (passive_spin = 1).
            while (lock == MUTEX_UNLOCKED) {
                if (LOCK.compareAndSet(this, MUTEX_UNLOCKED, wait)) {
                    return;
                }
            }
            Thread.yield();

            // Sleep.
            if ((int) LOCK.getAndSet(this, MUTEX_SLEEPING) == MUTEX_UNLOCKED) {
                return;
            }
            wait = MUTEX_SLEEPING;
            LockSleep.sleep(this);
        }
    }

    /** unlock2: releases the lock, waking one sleeper if the word said there may be one. */
    final void unlock() {
        int v = (int) LOCK.getAndSet(this, MUTEX_UNLOCKED); // release; pairs with lock's CAS
        if (v == MUTEX_SLEEPING) {
            LockSleep.wakeOne(this);
        }
    }

    /** Whether the lock word says "held, maybe sleepers": futexsleep's check, for LockSleep. */
    final boolean lockSleeping() {
        return lock == MUTEX_SLEEPING;
    }

    /** chanparkcommit: the park's unlock function; runs once the waiter is fully parked. */
    static boolean unlockAfterPark(G gp, Object chan) {
        ((HChan) chan).unlock();
        return true;
    }

    // ---- racy reads for the fast paths (opaque or acquire, so a polling loop rereads them) ----

    /** Acquire; pairs with the release in {@link #close()}. */
    private boolean isClosedAcquire() {
        return (boolean) CLOSED_FLAG.getAcquire(this);
    }

    /** Go's empty(c): no sender waits (unbuffered) or the ring is empty. */
    private boolean emptyOpaque() {
        return capacity == 0 ? SEND_FIRST.getOpaque(this) == null
                : (int) QCOUNT.getOpaque(this) == 0;
    }

    /** Go's full(c): no receiver waits (unbuffered) or the ring is full. */
    private boolean fullOpaque() {
        return capacity == 0 ? RECV_FIRST.getOpaque(this) == null
                : (int) QCOUNT.getOpaque(this) == capacity;
    }

    private static final VarHandle LOCK;
    private static final VarHandle QCOUNT;
    private static final VarHandle CLOSED_FLAG;
    private static final VarHandle RECV_FIRST;
    private static final VarHandle SEND_FIRST;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LOCK = l.findVarHandle(HChan.class, "lock", int.class);
            QCOUNT = l.findVarHandle(HChan.class, "qcount", int.class);
            CLOSED_FLAG = l.findVarHandle(HChan.class, "closed", boolean.class);
            RECV_FIRST = l.findVarHandle(HChan.class, "recvFirst", Waiter.class);
            SEND_FIRST = l.findVarHandle(HChan.class, "sendFirst", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
