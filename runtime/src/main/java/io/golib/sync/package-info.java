/**
 * Go's {@code sync} package for goroutines and plain Java threads: {@link io.golib.sync.Mutex},
 * {@link io.golib.sync.RWMutex}, {@link io.golib.sync.WaitGroup}, {@link io.golib.sync.Once} and
 * {@link io.golib.sync.Cond}. Blocking operations park a goroutine (its carrier runs others) and
 * block a plain thread; both kinds of waiter share one queue and wake each other.
 *
 * <pre>{@code
 * Mutex mu = new Mutex();
 * WaitGroup wg = new WaitGroup();
 * int[] n = {0};
 * for (int i = 0; i < 100; i++) {
 *     wg.go(() -> { mu.lock(); try { n[0]++; } finally { mu.unlock(); } });
 * }
 * wg.await();   // n[0] == 100
 * }</pre>
 *
 * <h2>Design</h2>
 * A port of go1.22 {@code sync} (mutex.go as moved to internal/sync in go1.24, rwmutex.go,
 * waitgroup.go, once.go, cond.go) over a port of runtime/sema.go. The algorithms, state words
 * and wait reasons are Go's; what differs is where waiters queue and how they sleep.
 *
 * <p><b>Vocabulary.</b> A <em>semaphore</em> ({@code Sema}) is Go's sleep/wakeup primitive: a
 * count plus a queue of {@code Waiter}s (Go's sudogs); every sleep is paired with one wakeup, even
 * when the wakeup comes first. A <em>notify list</em> ({@code NotifyList}) is Cond's ticket queue.
 * A <em>handoff</em> gives a semaphore unit straight to the waiter woken (Mutex starvation mode).
 * The <em>queue lock</em> ({@code SpinLock}) guards one semaphore's or notify list's queue.
 *
 * <p><b>Per-object queues instead of Go's semtable.</b> Go keys waiters by the address of a
 * {@code uint32} in a global table of 251 treaps ({@code semtable}), because a Go {@code Mutex}
 * must be a zero-value struct with no pointers. Java objects have identity and constructors, so
 * each primitive owns its queues directly: no hashing, no treap, no contention between unrelated
 * locks that hash alike. Rejected: the global table (it solves a problem Java does not have, and
 * its root locks would be shared by unrelated mutexes); a {@code ReentrantLock} or monitor per
 * queue (a monitor cannot be released by the scheduler after the goroutine has unwound, which is
 * what Go's {@code gopark(unlockf)} needs, and a park under a monitor pins the carrier).
 *
 * <p><b>Sleeping.</b> A goroutine queues itself holding the queue lock and parks with
 * {@code Sched.park(reason, unlockf, queue)}; the scheduler releases the lock only once the
 * goroutine's frames are saved, so no waker can ready a half-parked goroutine (Go's
 * {@code goparkunlock}). A plain thread releases the lock, then blocks in
 * {@code LockSupport.park} until the waker sets its {@code woken} flag; the flag covers the race.
 * Wakers always release the queue lock before waking anybody, as Go does.
 *
 * <p><b>Timed and interruptible waits</b> ({@code tryLock(time, unit)}, {@code lockInterruptibly}
 * from a plain thread, {@code Condition.awaitNanos}) are not in Go. They wait as a thread: a plain
 * thread directly, a goroutine inside {@link io.golib.Go#withSyscall(io.golib.GoCallable)} (its
 * carrier blocks, its P goes to another carrier), because the scheduler has no timer that a sync
 * waiter could race against its waker. Leaving a queue early must not lose or duplicate a wakeup;
 * each primitive states how it withdraws ({@code Mutex.leaveWaiters}, the dead tickets of
 * {@code NotifyList}, the reader and writer rules of {@code RWMutex}). Rejected: a helper
 * goroutine sleeping until each deadline (it lingers for the whole timeout even after the wait
 * ends, and its pending timer hides real deadlocks); polling with {@code Go.sleep} (no queue
 * position, wake-up latency of the polling period).
 *
 * <h2>Locks</h2>
 * Queue locks are leaves: nothing else is locked, nobody is woken and no user code runs while one
 * is held, and no loop inside a {@code @Goroutine} method runs while one is held (a safepoint
 * there could park the holder), so every locked section is a plain helper method. Each primitive
 * has its own queue locks; none is ever held together with another.
 */
package io.golib.sync;
