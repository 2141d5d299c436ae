package io.golib.sync;

import io.golib.Go;
import io.golib.Goroutine;
import io.golib.runtime.sched.Sched;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * A reader/writer mutual exclusion lock: Go's {@code sync.RWMutex}, for goroutines and plain
 * threads. Any number of readers or one writer hold it. Waiting goroutines park (wait reasons
 * {@code "sync.RWMutex.RLock"} and {@code "sync.RWMutex.Lock"}).
 *
 * <pre>{@code
 * RWMutex rw = new RWMutex();
 * rw.rLock();   try { return cache.get(k); } finally { rw.rUnlock(); }
 * rw.lock();    try { cache.put(k, v); }     finally { rw.unlock(); }
 * // or through java.util.concurrent.locks: rw.readLock().lock(), rw.writeLock().lock()
 * }</pre>
 *
 * <p>Writers have preference: once a writer waits, new readers wait until it is done, so a
 * writer is never starved by a stream of readers. Hence, as in Go, a reader must not lock again
 * while it holds the read lock (recursive read locking deadlocks when a writer comes between).
 * Not owned: one goroutine may lock and another unlock.
 *
 * <p>Port of go1.22 sync/rwmutex.go: RLock, TryRLock, RUnlock, rUnlockSlow, Lock, TryLock,
 * Unlock; the writers' lock {@link #w} is a {@link Mutex}.
 *
 * <h2>State</h2>
 * {@link #readerCount}: readers holding or waiting for the lock, minus {@link #MAX_READERS}
 * while a writer is pending or holds it (so a negative count tells readers to wait).
 * {@link #readerWait}: readers that held the lock when the pending writer announced itself and
 * have not left yet; the last one to leave wakes the writer through {@link #writerSem}. A writer's
 * unlock releases one {@link #readerSem} unit per reader that queued behind it.
 *
 * <h2>Timed and interruptible waits (not in Go)</h2>
 * Through the {@link java.util.concurrent.locks.Lock} views' {@code tryLock(time, unit)} and
 * {@code lockInterruptibly()} (on plain threads; in a goroutine the latter is {@code lock()}).
 * They wait as a thread; a goroutine blocks its carrier inside {@code Go.withSyscall}.
 * <ul>
 *   <li>A reader that may give up does not join {@link #readerCount} while it waits (leaving
 *       it would unbalance the units the writer releases). It waits for the next writer unlock
 *       on {@link #writerDone}, then retries; so it gets in after the readers that queued.
 *   <li>A writer that may give up waits for {@link #w} with the mutex's own timed lock. If its
 *       time runs out while readers are still leaving, it cannot withdraw its announcement
 *       (leaving readers may be about to wake it), so a goroutine finishes the write lock on its
 *       behalf and unlocks at once: new readers wait until the current ones have left, as they
 *       would for a writer. At most one such goroutine exists per RWMutex (it holds {@link #w}).
 * </ul>
 */
public final class RWMutex implements ReadWriteLock {
    static final int MAX_READERS = 1 << 30;

    /** Held while writers are pending (resolves competition between writers). */
    private final Mutex w = new Mutex("sync.RWMutex.Lock");
    /** Writers wait here for the completing readers. */
    private final Sema writerSem = new Sema();
    /** Readers wait here for the completing writer. */
    private final Sema readerSem = new Sema();
    /** Readers that wait with a deadline wait here for a writer's unlock. */
    private final NotifyList writerDone = new NotifyList();
    /** Pending readers (see the class comment). Atomic. */
    private volatile int readerCount;
    /** Departing readers the pending writer waits for. Atomic. */
    private volatile int readerWait;

    private final ReadLock readView = new ReadLock();
    private final WriteLock writeView = new WriteLock();

    /** An unlocked RWMutex. */
    public RWMutex() {
    }

    // =========================================================================================
    // Readers
    // =========================================================================================

    /**
     * Locks for reading, parking while a writer holds or waits for the lock. Must not be called
     * again by a reader that holds it (see the class comment).
     */
    @Goroutine
    public void rLock() {
        if ((int) READER_COUNT.getAndAdd(this, 1) + 1 < 0) {
            // A writer is pending: wait for it.
            readerSem.acquire(false, "sync.RWMutex.RLock");
        }
    }

    /** Locks for reading if no writer holds or waits for the lock, without waiting. */
    public boolean tryRLock() {
        while (true) {
            int c = readerCount;
            if (c < 0) {
                return false;
            }
            if (READER_COUNT.compareAndSet(this, c, c + 1)) {
                return true;
            }
        }
    }

    /**
     * Undoes one {@link #rLock}; other readers keep theirs.
     *
     * @throws IllegalStateException "sync: RUnlock of unlocked RWMutex" if no reader holds it
     *     (Go aborts; here nothing is changed)
     */
    public void rUnlock() {
        while (true) {
            int c = readerCount;
            if (c == 0 || c == -MAX_READERS) {
                throw new IllegalStateException("sync: RUnlock of unlocked RWMutex");
            }
            if (READER_COUNT.compareAndSet(this, c, c - 1)) {
                if (c - 1 < 0) {
                    rUnlockSlow();
                }
                return;
            }
        }
    }

    /** A writer is pending: the last reader it waits for wakes it. */
    private void rUnlockSlow() {
        if ((int) READER_WAIT.getAndAdd(this, -1) - 1 == 0) {
            writerSem.release(false);
        }
    }

    /** RLock for a blocking waiter that may give up; see the class comment. */
    private int rLockPlain(boolean timed, long deadline, boolean interruptible) {
        while (true) {
            if (tryRLock()) {
                return Waiter.OK;
            }
            // Take a ticket before the retry: a writer whose unlock comes after the retry
            // notifies it. An unused ticket is harmless, the list is only ever broadcast.
            int t = writerDone.add();
            if (tryRLock()) {
                return Waiter.OK;
            }
            int r = writerDone.awaitTimed(t, timed, deadline, interruptible);
            if (r != Waiter.OK) {
                return tryRLock() ? Waiter.OK : r;
            }
        }
    }

    // =========================================================================================
    // Writers
    // =========================================================================================

    /** Locks for writing, parking until no reader or writer holds it. */
    @Goroutine
    public void lock() {
        // First, resolve competition with other writers.
        w.lock();
        // Announce to readers there is a pending writer, then wait for the active ones.
        int r = (int) READER_COUNT.getAndAdd(this, -MAX_READERS);
        if (r != 0 && (int) READER_WAIT.getAndAdd(this, r) + r != 0) {
            writerSem.acquire(false, "sync.RWMutex.Lock");
        }
    }

    /** Locks for writing if no reader or writer holds or waits for it, without waiting. */
    public boolean tryLock() {
        if (!w.tryLock()) {
            return false;
        }
        if (!READER_COUNT.compareAndSet(this, 0, -MAX_READERS)) {
            w.unlock();
            return false;
        }
        return true;
    }

    /**
     * Unlocks for writing, letting in the readers that waited.
     *
     * @throws IllegalStateException "sync: Unlock of unlocked RWMutex" if it is not locked for
     *     writing (Go aborts; here nothing is changed)
     */
    public void unlock() {
        // Announce to readers there is no active writer.
        int r;
        while (true) {
            int c = readerCount;
            if (c >= 0) {
                throw new IllegalStateException("sync: Unlock of unlocked RWMutex");
            }
            if (READER_COUNT.compareAndSet(this, c, c + MAX_READERS)) {
                r = c + MAX_READERS;
                break;
            }
        }
        // Unblock the readers that queued behind us.
        for (int i = 0; i < r; i++) {
            readerSem.release(false);
        }
        // Allow other writers to proceed, then the readers that wait with a deadline.
        w.unlock();
        writerDone.notifyAllWaiters();
    }

    /** Lock for a blocking waiter that may give up; see the class comment. */
    private int lockPlain(boolean timed, long deadline, boolean interruptible) {
        int r = w.lockPlain(timed, deadline, interruptible);
        if (r != Waiter.OK) {
            return r;
        }
        int active = (int) READER_COUNT.getAndAdd(this, -MAX_READERS);
        if (active == 0 || (int) READER_WAIT.getAndAdd(this, active) + active == 0) {
            return Waiter.OK;
        }
        r = writerSem.acquireTimed(false, timed, deadline, interruptible);
        if (r != Waiter.OK) {
            Go.go(() -> {
                writerSem.acquire(false, "sync.RWMutex.Lock");
                unlock();
            });
        }
        return r;
    }

    // =========================================================================================
    // java.util.concurrent.locks views
    // =========================================================================================

    /** The read lock as a {@link java.util.concurrent.locks.Lock}: {@link #rLock} and friends. */
    @Override
    public ReadLock readLock() {
        return readView;
    }

    /** The write lock as a {@link java.util.concurrent.locks.Lock}: {@link #lock} and friends. */
    @Override
    public WriteLock writeLock() {
        return writeView;
    }

    /** Blocks as a thread, a goroutine inside withSyscall; throws on interrupt. */
    private static boolean waitAsThread(Timed op, boolean timed, long deadline)
            throws InterruptedException {
        int r;
        if (Sched.currentG() != null) {
            r = Go.withSyscall(() -> op.run(timed, deadline, false));
        } else {
            r = op.run(timed, deadline, true);
        }
        if (r == Waiter.INTERRUPTED) {
            Thread.interrupted();
            throw new InterruptedException();
        }
        return r == Waiter.OK;
    }

    /** {@link #rLockPlain} or {@link #lockPlain}. */
    @FunctionalInterface
    private interface Timed {
        int run(boolean timed, long deadline, boolean interruptible);
    }

    /** The shared mode of an {@link RWMutex} as a {@link java.util.concurrent.locks.Lock}. */
    public final class ReadLock implements ParkingLock {
        private ReadLock() {
        }

        /** {@link RWMutex#rLock()}. */
        @Goroutine
        @Override
        public void lock() {
            rLock();
        }

        /**
         * {@link RWMutex#rLock()}; a plain thread's wait ends with {@link InterruptedException}
         * on interrupt. See the RWMutex class comment for how such a reader waits.
         */
        @Goroutine
        @Override
        public void lockInterruptibly() throws InterruptedException {
            if (Sched.currentG() != null) {
                rLock();
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            waitAsThread(RWMutex.this::rLockPlain, false, 0);
        }

        /** {@link RWMutex#tryRLock()}. */
        @Override
        public boolean tryLock() {
            return tryRLock();
        }

        /**
         * Locks for reading if it becomes possible within {@code time}; see the RWMutex class
         * comment for how such a reader waits (a goroutine's wait blocks its carrier).
         */
        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            Objects.requireNonNull(unit, "RWMutex.ReadLock.tryLock: unit is null");
            if (Sched.currentG() == null && Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (tryRLock()) {
                return true;
            }
            long nanos = unit.toNanos(time);
            return nanos > 0 && waitAsThread(RWMutex.this::rLockPlain, true,
                    Waiter.deadline(nanos));
        }

        /** {@link RWMutex#rUnlock()}. */
        @Override
        public void unlock() {
            rUnlock();
        }

        /** A {@link Cond} over the read lock (Go's {@code sync.NewCond(rw.RLocker())}). */
        @Override
        public Cond newCondition() {
            return new Cond(this);
        }

        @Override
        public String toString() {
            return "RWMutex.ReadLock[" + RWMutex.this + "]";
        }
    }

    /** The exclusive mode of an {@link RWMutex} as a {@link java.util.concurrent.locks.Lock}. */
    public final class WriteLock implements ParkingLock {
        private WriteLock() {
        }

        /** {@link RWMutex#lock()}. */
        @Goroutine
        @Override
        public void lock() {
            RWMutex.this.lock();
        }

        /**
         * {@link RWMutex#lock()}; a plain thread's wait ends with {@link InterruptedException}
         * on interrupt. See the RWMutex class comment for how such a writer waits.
         */
        @Goroutine
        @Override
        public void lockInterruptibly() throws InterruptedException {
            if (Sched.currentG() != null) {
                RWMutex.this.lock();
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            waitAsThread(RWMutex.this::lockPlain, false, 0);
        }

        /** {@link RWMutex#tryLock()}. */
        @Override
        public boolean tryLock() {
            return RWMutex.this.tryLock();
        }

        /**
         * Locks for writing if it becomes possible within {@code time}; see the RWMutex class
         * comment for how such a writer waits (a goroutine's wait blocks its carrier).
         */
        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            Objects.requireNonNull(unit, "RWMutex.WriteLock.tryLock: unit is null");
            if (Sched.currentG() == null && Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (RWMutex.this.tryLock()) {
                return true;
            }
            long nanos = unit.toNanos(time);
            return nanos > 0 && waitAsThread(RWMutex.this::lockPlain, true,
                    Waiter.deadline(nanos));
        }

        /** {@link RWMutex#unlock()}. */
        @Override
        public void unlock() {
            RWMutex.this.unlock();
        }

        /** A {@link Cond} over the write lock. */
        @Override
        public Cond newCondition() {
            return new Cond(this);
        }

        @Override
        public String toString() {
            return "RWMutex.WriteLock[" + RWMutex.this + "]";
        }
    }

    /** {@code RWMutex[unlocked]}, {@code RWMutex[2 readers]}, {@code RWMutex[writer, 3 readers]}
     *  (a writer holds or waits; readers leaving or queued behind it): racy, for debugging. */
    @Override
    public String toString() {
        int c = readerCount;
        if (c == 0) {
            return "RWMutex[unlocked]";
        }
        if (c > 0) {
            return "RWMutex[" + c + (c == 1 ? " reader]" : " readers]");
        }
        int readers = c + MAX_READERS;
        return "RWMutex[writer" + (readers > 0 ? ", " + readers + " readers]" : "]");
    }

    private static final VarHandle READER_COUNT;
    private static final VarHandle READER_WAIT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            READER_COUNT = l.findVarHandle(RWMutex.class, "readerCount", int.class);
            READER_WAIT = l.findVarHandle(RWMutex.class, "readerWait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
