package io.golib.runtime.sched;

import io.golib.GoCallable;
import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.runtime.stack.CallKey;
import io.golib.runtime.stack.Continuation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The scheduler: Go's {@code sched} and the scheduling functions of proc.go, over golib's
 * continuations. Port of go1.22 runtime/proc.go: newproc, schedule, findRunnable, stealWork,
 * execute, park_m, goready/ready, wakep, startm, stopm, handoffp, acquirep, releasep, pidleput,
 * pidleget, mput, mget, entersyscall, exitsyscall, procresize, checkdead.
 *
 * <h2>Design</h2>
 * Gs run on Ms (carrier threads) that hold Ps; each P has a local run queue and timer heap.
 * An M looks for work in Go's order ({@link #findRunnable}): the global queue every 61st tick,
 * its local queue, the global queue, then stealing from other Ps (half their queue, random
 * victim order, 4 passes) while spinning; only then does it give up its P and sleep, after the
 * <em>spinning → idle hand-off</em> re-checks every queue so no wake-up is lost.
 *
 * <p>What differs from Go, and why: a goroutine that parks with frames that cannot unwind
 * (pinned: a JDK frame or a monitor below it) keeps its M; the M gives its P away as for a
 * blocking system call and waits in place, then takes any idle P back ({@link #parkPinned}).
 * Go's equivalent is {@code entersyscallblock}. A goroutine in {@code withSyscall} cannot move
 * to another M either (its Java frames live on this thread), so {@link #exitsyscall} waits for a
 * P instead of queueing the G.
 *
 * <h2>Locks</h2>
 * {@link #lock} (Go's sched.lock) guards the global run queue, the idle P and M lists and the
 * counters next to them. Timer heaps have their own locks, taken after {@link #lock} if both.
 */
public final class Sched {
    private static volatile Sched instance;

    final Object lock = new Object();
    /** Global run queue. Guarded by {@link #lock}. */
    final GlobalQueue runq = new GlobalQueue(lock);
    /** All Ps, index = id; replaced whole by procresize under {@link #lock}. */
    volatile P[] allp;
    /** GOMAXPROCS. Written under {@link #lock}. */
    volatile int gomaxprocs;
    /** Idle Ps. Guarded by {@link #lock}; {@link #npidle} also read without it. */
    private P pidle;
    volatile int npidle;
    /** checkdead found every goroutine asleep but a plain thread that may still act; sysmon
     *  re-runs checkdead while this holds. Written under {@link #lock}. */
    volatile boolean deadlockSuspected;
    /** Idle Ms. Guarded by {@link #lock}. */
    private M midle;
    private int nmidle;
    /** Ms created. Guarded by {@link #lock}. */
    private int mcount;
    /** Ms blocked in a pinned park whose goroutine no waker has readied yet (parkPinned counts
     *  one in, ready counts it out: see there). */
    final AtomicInteger nmpinned = new AtomicInteger();
    /** Pinned parks so far (a goroutine parked inside a frame that could not unwind). */
    private final java.util.concurrent.atomic.AtomicLong pinnedParks =
            new java.util.concurrent.atomic.AtomicLong();
    /** Ms spinning (looking for work while holding a P). */
    final AtomicInteger nmspinning = new AtomicInteger();
    /** Ms waiting for an idle P so they can go on running their goroutine. Guarded by lock. */
    private final List<M> pwaiters = new ArrayList<>();
    /** The M sleeping until the earliest timer (Go's netpoll waiter), and its deadline. */
    private volatile M timerSleeper;
    private volatile long timerSleeperUntil;
    /** The network poller, or null (see {@link #setNetpoller}). */
    private volatile Netpoller netpoller;
    /** Whether the timer sleeper waits in the netpoller's poll (Go: sched.lastpoll == 0). */
    private volatile boolean sleeperPolls;
    /** When the netpoller was last polled (System.nanoTime): sysmon polls after 10 ms. */
    volatile long lastpoll;
    /** Where sysmon's polls collect readied goroutines (sysmon's thread only). */
    private final GList sysmonReady = new GList();
    /** Threads between a non-waiting poll and queueing what it returned (see netpoll). */
    private final AtomicInteger npolling = new AtomicInteger();

    private final AtomicLong goidgen = new AtomicLong();
    private final AtomicLong midgen = new AtomicLong();
    /** Live goroutines (Go's gcount). */
    final AtomicInteger ngoroutines = new AtomicInteger();
    /** Every live goroutine, for dumps and deadlock reports. */
    final AllGs allgs = new AllGs();
    /** Main goroutines of the Go.run calls under way, for checkdead. */
    private final Set<MainG> mains = ConcurrentHashMap.newKeySet();
    /** Where exceptions escaping goroutines go. */
    volatile Consumer<Throwable> panicHandler = Sched::defaultPanic;

    final Sysmon sysmon;

    private Sched(int procs) {
        P[] ps = new P[procs];
        for (int i = 0; i < procs; i++) {
            ps[i] = new P(i);
        }
        allp = ps;
        gomaxprocs = procs;
        synchronized (lock) {
            for (int i = procs - 1; i >= 0; i--) {
                pidleput(ps[i]);
            }
        }
        sysmon = new Sysmon(this);
    }

    /** The scheduler, started on first use with GOMAXPROCS from the environment. */
    public static Sched get() {
        Sched s = instance;
        if (s == null) {
            synchronized (Sched.class) {
                s = instance;
                if (s == null) {
                    s = new Sched(Procs.initial());
                    instance = s;
                    s.sysmon.start();
                }
            }
        }
        return s;
    }

    /** The scheduler if it has started, else null (for read-only queries). */
    static Sched peek() {
        return instance;
    }

    // =========================================================================================
    // Goroutine creation and exit
    // =========================================================================================

    /**
     * newproc: creates a goroutine running {@code fn} and makes it runnable, reusing a dead one
     * when this M's P has one (Go's newproc1: gfget, else malg). Any thread.
     */
    public G newproc(GoRunnable fn) {
        Continuation.checkBody(fn); // before a free G is taken: a bad body must not lose it
        M mp = M.current();
        G gp = mp != null && mp.p != null ? gfget(mp.p) : null;
        boolean fresh = gp == null;
        if (fresh) {
            gp = new G(0); // malg: a bodiless G, as if ended; reuse gives it the body
        }
        gp.reuse(fn);
        gp.id = goidgen.incrementAndGet();
        return start(gp, fresh); // a free G is registered already
    }

    /** Starts {@code main} as a main goroutine whose end completes {@code waiter}. */
    G newmain(GoRunnable fn, MainWaiter waiter) {
        return start(new MainG(goidgen.incrementAndGet(), fn, waiter), true);
    }

    G newmain(GoCallable<?> fn, MainWaiter waiter) {
        return start(new MainG(goidgen.incrementAndGet(), fn, waiter), true);
    }

    /**
     * The end of newproc: makes {@code gp}, given its body and id, runnable; registers it first
     * (allgs, and the mains) if it is new.
     */
    private G start(G gp, boolean register) {
        gp.status = G.RUNNABLE;
        if (register) {
            allgs.add(gp);
            if (gp instanceof MainG) {
                mains.add((MainG) gp);
            }
        }
        ngoroutines.incrementAndGet();
        M mp = M.current();
        if (mp != null && mp.p != null) {
            mp.p.runq.put(gp, true, runq);
        } else {
            if (mp == null) {
                ForeignThreads.touch(); // a plain thread that spawns may also send later
            }
            synchronized (lock) {
                runq.put(gp);
            }
        }
        wakep();
        return gp;
    }

    /**
     * goexit0: the goroutine ended; report its failure, settle the counters, and keep the G for
     * reuse on {@code pp} (main goroutines excepted: their waiter holds on to them).
     */
    private void goexit0(P pp, G gp) {
        // FREE straight away for a G that will be reused: were it DEAD for a moment, the owner of
        // its AllGs shard could drop it, and the reused goroutine would be missing from dumps.
        MainWaiter main = gp.mainWaiter();
        // Uncounted before it is seen ended: whoever sees it FREE or DEAD (a status read) also
        // sees the count without it.
        ngoroutines.decrementAndGet();
        gp.status = main == null ? G.FREE : G.DEAD;
        if (main != null) {
            mains.remove(gp);
            main.complete(gp.result(), gp.failure());
        } else if (gp.failure() != null) {
            try {
                panicHandler.accept(gp.failure());
            } catch (Throwable t) {
                defaultPanic(t);
            }
        }
        if (main == null) {
            gfput(pp, gp);
        }
    }

    /** A P keeps up to this many free Gs; at that, half go to the global list (Go: 64). */
    private static final int GFREE_LOCAL_MAX = 64;
    /** The global free list's bound. Go keeps every dead G (and frees their stacks at GC); a
     *  burst of a million goroutines would then pin their memory forever here, so the surplus
     *  is dropped for the garbage collector instead. */
    private static final int GFREE_GLOBAL_MAX = 4096;
    /** Dead Gs for reuse across Ps (Go's sched.gFree). Guarded by {@link #lock}. */
    private final GList gFreeGlobal = new GList();

    /**
     * gfput: puts a dead G ({@link G#FREE} already) on {@code pp}'s free list, moving a batch to
     * the global one when it is full.
     */
    private void gfput(P pp, G gp) {
        gp.release();
        gp.clearForReuse();
        GList local = pp.gFree;
        local.push(gp);
        if (local.n >= GFREE_LOCAL_MAX) {
            synchronized (lock) {
                while (local.n >= GFREE_LOCAL_MAX / 2) {
                    toGlobalFree(local.pop());
                }
            }
        }
    }

    /** Lock held. */
    private void toGlobalFree(G gp) {
        if (gFreeGlobal.n < GFREE_GLOBAL_MAX) {
            gFreeGlobal.push(gp);
        } else {
            gp.status = G.DEAD; // dropped: AllGs forgets it at its next compaction
        }
    }

    /** gfget: a free G from {@code pp}'s list, refilled from the global one, or null. */
    private G gfget(P pp) {
        GList local = pp.gFree;
        if (local.n == 0 && gFreeGlobal.n > 0) { // racy read, as Go's
            synchronized (lock) {
                while (local.n < GFREE_LOCAL_MAX / 2 && gFreeGlobal.n > 0) {
                    local.push(gFreeGlobal.pop());
                }
            }
        }
        return local.pop();
    }

    private static void defaultPanic(Throwable t) {
        System.err.print("golib: goroutine panicked: ");
        t.printStackTrace();
    }

    // =========================================================================================
    // The scheduler loop
    // =========================================================================================

    /** mstart: the body of every M. Starts holding {@code nextp}. */
    void mstart(M mp) {
        acquirep(mp, mp.nextp);
        mp.nextp = null;
        while (true) {
            schedule(mp);
        }
    }

    /** schedule: one round: find a runnable goroutine and run it until it parks or ends. */
    private void schedule(M mp) {
        G gp = findRunnable(mp);
        // This M found work: if it was spinning, stop, and wake another spinner if needed
        // (resetspinning), so there is always one M looking while work is around.
        if (mp.spinning) {
            mp.spinning = false;
            if (nmspinning.decrementAndGet() < 0) {
                throw new SchedFault("findRunnable: negative nmspinning");
            }
            wakep();
        }
        execute(mp, gp, mp.p.runq.lastInheritTime);
    }

    /** execute: runs {@code gp} on this M until it parks, yields or ends. */
    private void execute(M mp, G gp, boolean inheritTime) {
        while (true) {
            P pp = mp.p;
            if (!inheritTime) {
                pp.schedtick++;
            }
            gp.setStatusRelease(G.RUNNING);
            mp.curg = gp;
            boolean done;
            try {
                done = gp.run();
            } finally {
                mp.curg = null;
            }
            if (done) {
                goexit0(pp, gp);
                return;
            }
            if (gp.parkKind() == Continuation.YIELDED) {
                // goschedImpl / gopreempt_m: to the global queue, so others get a turn
                gp.status = G.RUNNABLE;
                synchronized (lock) {
                    runq.put(gp);
                }
                return;
            }
            // park_m: the frames are saved; now the waker may see it
            gp.setStatusRelease(G.WAITING);
            if (mp.runWaitUnlock(gp)) {
                return;
            }
            // the park was cancelled: run it again at once
            gp.waitReason = null;
            inheritTime = true;
        }
    }

    /**
     * findRunnable: finds a runnable goroutine to execute; tries other Ps, the global queue and
     * the timers; sleeps the M when there is nothing. Returns holding a P.
     */
    private G findRunnable(M mp) {
        top:
        while (true) {
            P pp = mp.p;
            if (pp.id >= gomaxprocs) {
                retire(mp);
                continue;
            }
            // checkTimers: no clock read unless a timer is pending (most rounds have none).
            long pollUntil = pp.timers.nextWhen();
            if (pollUntil != Long.MAX_VALUE) {
                long now = System.nanoTime();
                if (pollUntil <= now) {
                    pollUntil = runTimers(pp, now);
                }
            }

            // Check the global runnable queue once in a while to ensure fairness.
            if (pp.schedtick % 61 == 0 && runq.sizeHint() > 0) {
                G gp;
                synchronized (lock) {
                    gp = runq.grab(pp.runq, 1, gomaxprocs);
                }
                if (gp != null) {
                    pp.runq.lastInheritTime = false;
                    return gp;
                }
            }
            G gp = pp.runq.get();
            if (gp != null) {
                return gp;
            }
            if (runq.sizeHint() > 0) {
                synchronized (lock) {
                    gp = runq.grab(pp.runq, 0, gomaxprocs);
                }
                if (gp != null) {
                    pp.runq.lastInheritTime = false;
                    return gp;
                }
            }

            // Poll network: an optimization before stealing, skipped while an M waits in poll.
            Netpoller np = netpoller;
            if (np != null && !sleeperPolls && np.hasWaiters()) {
                if (netpoll(np, 0, mp.netpollReady)) {
                    continue top; // readied onto this P's queue
                }
            }

            // Spinning Ms: steal work. Limit spinners to half the busy Ps, so a burst of
            // wake-ups does not burn every CPU.
            int procs = gomaxprocs;
            if (mp.spinning || 2 * nmspinning.get() < procs - npidle) {
                if (!mp.spinning) {
                    mp.spinning = true;
                    nmspinning.incrementAndGet();
                }
                mp.stealPollUntil = pollUntil;
                gp = stealWork(mp);
                if (gp != null) {
                    pp.runq.lastInheritTime = false;
                    return gp;
                }
                pollUntil = mp.stealPollUntil;
                if (!pp.runq.isEmpty()) {
                    continue top; // stealing timers readied goroutines onto our queue
                }
            }

            // Nothing to do. Give up the P.
            P[] allpSnapshot = allp;
            synchronized (lock) {
                if (runq.size() > 0) {
                    gp = runq.grab(pp.runq, 0, gomaxprocs);
                    pp.runq.lastInheritTime = false;
                    return gp;
                }
                releasep(mp);
                pidleput(pp);
            }
            if (mp.spinning) {
                // The spinning → idle hand-off: we stopped spinning; any work submitted since we
                // last looked was meant to be found by a spinning M, so look once more.
                mp.spinning = false;
                if (nmspinning.decrementAndGet() < 0) {
                    throw new SchedFault("findRunnable: negative nmspinning");
                }
                // Check the global queue first (Go does, under sched.lock): a plain thread's
                // ready() puts its goroutine there and skips wakep while we were spinning.
                P pp2;
                synchronized (lock) {
                    pp2 = runq.size() > 0 ? pidleget() : null;
                }
                if (pp2 == null) {
                    pp2 = checkRunqsNoP(allpSnapshot);
                }
                if (pp2 != null) {
                    acquirep(mp, pp2);
                    mp.spinning = true;
                    nmspinning.incrementAndGet();
                    continue top;
                }
            }
            // About to sleep (stop, or wait for a timer or I/O): drop dead goroutines this M's
            // registry still holds (a burst of them would otherwise stay reachable until the M
            // spawns enough to fill it again).
            allgs.trim(mp, ngoroutines.get() + (long) GFREE_LOCAL_MAX * allp.length
                    + GFREE_GLOBAL_MAX);
            pollUntil = Math.min(pollUntil, timersNextWhen(allpSnapshot));
            // Poll network until the next timer (Go's blocking netpoll(delay)); without a
            // poller, or with no I/O waiter and no timer, sleep until the next timer or stop.
            Netpoller np2 = netpoller;
            boolean poll = np2 != null && (np2.hasWaiters() || pollUntil != Long.MAX_VALUE);
            if ((poll || pollUntil != Long.MAX_VALUE) && becomeTimerSleeper(mp, pollUntil, poll)) {
                if (poll) {
                    long timeout = pollUntil == Long.MAX_VALUE ? -1
                            : Math.max(0, pollUntil - System.nanoTime());
                    GList ready = mp.netpollReady;
                    np2.poll(timeout, ready);
                    lastpoll = System.nanoTime();
                    // Running again before readying them: checkdead must count this M (it does
                    // not count the timer sleeper) while the Gs are between poll and a queue.
                    sleeperPolls = false;
                    timerSleeper = null;
                    injectglist(ready); // no P held: onto the global queue
                } else {
                    mp.notesleepUntil(pollUntil);
                    timerSleeper = null;
                }
                P p2;
                synchronized (lock) {
                    p2 = pidleget();
                }
                if (p2 != null) {
                    acquirep(mp, p2);
                    // Unlike Go (which spins again only if it was spinning), always spin after a
                    // timer wake: the due timers may sit on another idle P's heap, and only
                    // stealWork runs other Ps' timers.
                    mp.spinning = true;
                    nmspinning.incrementAndGet();
                    continue top;
                }
            }
            stopm(mp);
        }
    }

    /** Runs the expired timers of {@code pp}; returns its next deadline. */
    private static long runTimers(P pp, long now) {
        pp.timers.run(now);
        return pp.timers.nextWhen();
    }

    private static long timersNextWhen(P[] ps) {
        long min = Long.MAX_VALUE;
        for (P p : ps) {
            if (p.status != P.DEAD) {
                min = Math.min(min, p.timers.nextWhen());
            }
        }
        return min;
    }

    /**
     * Registers {@code mp} as the timer sleeper until {@code until}, if there is none. If the one
     * there sleeps past {@code until}, wakes it to look again, as Go's findRunnable calls
     * netpollBreak when {@code sched.pollUntil} is later than its own: this M saw a timer that
     * the sleeper did not (it was armed after the sleeper looked, and its wakeForTimer found no
     * sleeper yet and this M spinning), and would otherwise leave it to the later deadline.
     */
    private boolean becomeTimerSleeper(M mp, long until, boolean polls) {
        synchronized (lock) {
            M sleeper = timerSleeper;
            if (sleeper != null) {
                if (until < timerSleeperUntil) {
                    wakeSleeper(sleeper);
                }
                return false;
            }
            timerSleeper = mp;
            timerSleeperUntil = until;
            sleeperPolls = polls;
            return true;
        }
    }

    /**
     * Wakes the timer sleeper, in whichever way it waits (Go's netpollBreak, or notewakeup).
     * Both, when a poller is installed: a wake-up that finds nobody waiting only makes the next
     * wait return at once, which every waiter tolerates.
     */
    private void wakeSleeper(M sleeper) {
        Netpoller np = netpoller;
        if (np != null) {
            np.wakeup();
        }
        sleeper.notewakeup();
    }

    /**
     * netpoll + injectglist: polls {@code np} for at most {@code timeoutNanos} into the caller's
     * list {@code ready} and makes the goroutines it hands back runnable (on this M's P if it
     * holds one, else on the global queue). Returns whether it readied any.
     */
    private boolean netpoll(Netpoller np, long timeoutNanos, GList ready) {
        // Counted as running until the Gs are queued (Go's sysmon: incidlelocked(-1) around
        // injectglist): between the poll handing them back and ready(), checkdead would see
        // no waiter, no queued G and maybe no running M.
        npolling.incrementAndGet();
        try {
            np.poll(timeoutNanos, ready);
            lastpoll = System.nanoTime();
            return injectglist(ready);
        } finally {
            npolling.decrementAndGet();
        }
    }

    /** injectglist: makes every G of {@code list} runnable ({@link #ready}); whether any. */
    private boolean injectglist(GList list) {
        boolean any = !list.isEmpty();
        for (G gp; (gp = list.pop()) != null; ) {
            ready(gp);
        }
        return any;
    }

    /** Sysmon's poll: when nobody polled for 10 ms, poll once so that busy Ps cannot starve
     *  goroutines whose I/O is ready (Go's sysmon: {@code lastpoll + 10ms < now}). */
    boolean sysmonPoll(long now) {
        Netpoller np = netpoller;
        if (np == null || sleeperPolls || now - lastpoll < 10_000_000L || !np.hasWaiters()) {
            return false;
        }
        return netpoll(np, 0, sysmonReady);
    }

    /**
     * Installs the network poller (null: none). The scheduler then polls it before stealing
     * work, waits in it instead of sleeping when an M goes idle while goroutines wait for I/O or
     * timers are pending, lets sysmon poll it, and reports no deadlock while it has waiters.
     */
    public void setNetpoller(Netpoller np) {
        Netpoller old = netpoller;
        netpoller = np;
        M sleeper = timerSleeper;
        if (old != null) {
            old.wakeup(); // an M waiting in the old one looks again
        }
        if (sleeper != null) {
            sleeper.notewakeup();
        }
    }

    /**
     * wakeNetPoller: a timer at {@code when} was added; make sure some M wakes by then: the
     * timer sleeper if it sleeps longer, else a spinning M.
     */
    void wakeForTimer(long when) {
        M sleeper = timerSleeper;
        if (sleeper != null) {
            if (when < timerSleeperUntil) {
                wakeSleeper(sleeper);
            }
            return;
        }
        wakep();
    }

    /**
     * stealWork: 4 passes over all Ps in random order; steals half of a victim's run queue (its
     * runnext too on the last pass) and runs the expired timers of others. Lowers
     * {@code mp.stealPollUntil} to the earliest timer it saw.
     */
    private G stealWork(M mp) {
        P pp = mp.p;
        P[] ps = allp;
        int n = ps.length;
        RandomOrder order = randomOrder;
        if (order.n != n) {
            order = new RandomOrder(n);
            randomOrder = order;
        }
        for (int pass = 0; pass < 4; pass++) {
            boolean stealTimersOrRunNext = pass == 3;
            int start = ThreadLocalRandom.current().nextInt(n);
            int step = order.coprimes[ThreadLocalRandom.current().nextInt(order.coprimes.length)];
            for (int i = 0, k = start; i < n; i++, k = (k + step) % n) {
                P p2 = ps[k];
                if (p2 == pp || p2.status == P.DEAD) {
                    continue;
                }
                if (stealTimersOrRunNext) {
                    long now = System.nanoTime();
                    if (p2.timers.nextWhen() <= now) {
                        p2.timers.run(now);
                        G gp = pp.runq.get();
                        if (gp != null) {
                            return gp;
                        }
                    }
                    mp.stealPollUntil = Math.min(mp.stealPollUntil, p2.timers.nextWhen());
                }
                if (!p2.runq.isEmpty()) {
                    G gp = pp.runq.steal(p2.runq, stealTimersOrRunNext);
                    if (gp != null) {
                        return gp;
                    }
                }
            }
        }
        return null;
    }

    /** Go's randomOrder for stealWork, kept for the current number of Ps. */
    private volatile RandomOrder randomOrder = new RandomOrder(1);

    /**
     * Go's randomOrder: the steps coprime with {@code n}, so that {@code start + i * step mod n}
     * visits every P once in a random order. Computed once per P count (Go's reset, called by
     * procresize), not on every steal pass. Immutable.
     */
    private static final class RandomOrder {
        final int n;
        final int[] coprimes;

        RandomOrder(int n) {
            this.n = n;
            int[] c = new int[Math.max(1, n)];
            int k = 0;
            for (int i = 1; i <= n; i++) {
                if (gcd(i, n) == 1) {
                    c[k++] = i;
                }
            }
            this.coprimes = k == 0 ? new int[] {1} : java.util.Arrays.copyOf(c, k);
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** checkRunqsNoP: any P with work? Then take an idle P to run it. */
    private P checkRunqsNoP(P[] ps) {
        for (P p : ps) {
            if (p.status != P.DEAD && !p.runq.isEmpty()) {
                synchronized (lock) {
                    return pidleget();
                }
            }
        }
        return null;
    }

    // =========================================================================================
    // Readying and parking
    // =========================================================================================

    /**
     * ready (goready): makes a waiting goroutine runnable. Any thread: from a goroutine it goes
     * to the current P's runnext (so a woken partner runs next, as in Go), from elsewhere to the
     * global queue.
     */
    public void ready(G gp) {
        if (!gp.casStatus(G.WAITING, G.RUNNABLE)) {
            throw new SchedFault("ready: goroutine " + gp.id + " is not waiting (status "
                    + gp.status + ")");
        }
        gp.waitReason = null;
        M pinned = gp.pinnedOn();
        if (pinned != null) {
            // It runs on the M that holds its frames. That M counts as running from now on, not
            // from when its thread wakes: checkdead in between would find no M running and this
            // goroutine in no run queue, and report a deadlock it is about to end.
            nmpinned.decrementAndGet();
            pinned.notewakeup();
            return;
        }
        // Go's ready: runnext of the P this M holds, whether a goroutine runs on it or the M is in
        // its scheduler (timers fire in findRunnable and stealWork, which take from this P's
        // queue next). Only Ms without a P (plain threads, syscalls, pinned parks) use the global
        // queue: a sleeper woken by its timer used to queue behind every runnable goroutine there.
        M mp = M.current();
        if (mp != null && mp.p != null) {
            mp.p.runq.put(gp, true, runq);
        } else {
            synchronized (lock) {
                runq.put(gp);
            }
        }
        wakep();
    }

    /**
     * gopark: parks the running goroutine until {@link #ready}. {@code unlockf} runs once the
     * goroutine can no longer be seen half-parked (Go's unlockf). A blocking primitive: it calls
     * nothing suspendable, so it is not rewritten, and the goroutine parks in the caller's frame
     * (Continuation.parkAs; nothing to finish on resume), one frame less to save and restore.
     */
    @Goroutine
    public static void park(String reason, G.Unlocker unlockf, Object arg) {
        G gp = currentG();
        if (gp == null) {
            throw new IllegalStateException("golib: park outside a goroutine");
        }
        gp.prepark(reason, unlockf, arg);
        Continuation.parkAs(PARK_KEY, null); // either way, the park is over or under way
    }

    private static final int PARK_KEY = CallKey.of("park",
            "(Ljava/lang/String;Lio/golib/runtime/sched/G$Unlocker;Ljava/lang/Object;)V");

    /**
     * Whether a Gosched by the running goroutine would have it run again at once, so it may
     * return instead: goschedImpl puts it on the global queue and schedule's findRunnable takes
     * it back from there when the global queue had nothing else, this P's queue is empty and no
     * timer of this P is due (checkTimers would ready nothing; netpoll and stealing come after the
     * global queue). Counts the round (schedtick, which sysmon watches) as schedule would. Not
     * while this P is being retired, nor in the randomized-order debug mode (whose shuffles the
     * full round exercises). Racy reads: a goroutine readied a moment later is found by the next
     * round, as it would be had it come a moment after the global queue was read.
     */
    public static boolean goschedWouldResume() {
        M mp = M.current();
        if (mp == null || RunQueue.RANDOMIZE) {
            return false;
        }
        P pp = mp.p;
        Sched s = mp.sched;
        if (pp == null || pp.id >= s.gomaxprocs || s.runq.sizeHint() != 0 || !pp.runq.isEmpty()) {
            return false;
        }
        long next = pp.timers.nextWhen();
        if (next != Long.MAX_VALUE && next <= System.nanoTime()) {
            return false;
        }
        pp.schedtick++;
        return true;
    }

    /** The goroutine running on this thread, or null. */
    public static G currentG() {
        Continuation c = Continuation.current();
        return c instanceof G ? (G) c : null;
    }

    /**
     * The pinned path of a park: the goroutine's frames stay on this M. Release the P (as
     * entersyscallblock does), run the unlock function, wait to be readied, then take a P back.
     */
    void parkPinned(G gp) {
        M mp = M.current();
        if (mp == null) {
            throw new SchedFault("parkPinned: goroutine " + gp.id + " runs off its carrier");
        }
        gp.pinnedOn(mp);
        gp.status = G.WAITING;
        if (!mp.runWaitUnlock(gp)) {
            gp.pinnedOn(null);
            gp.status = G.RUNNING;
            gp.waitReason = null;
            return;
        }
        P pp = mp.p;
        synchronized (lock) {
            releasep(mp);
        }
        // Counts this M out of checkdead's running Ms until ready() counts it back in (which may
        // come first, the unlock above having made the goroutine wakeable: the count then dips
        // below the truth for a moment, which can only hide a deadlock for one check, never
        // invent one).
        nmpinned.incrementAndGet();
        pinnedParks.incrementAndGet();
        handoffp(pp);
        // This M now waits as an idle one would (Go's checkdead in mput): if it was the last one
        // running, nothing may be left to wake anyone. No other M need go idle to notice.
        synchronized (lock) {
            checkdead();
        }
        while (gp.status == G.WAITING) {
            mp.notesleep();
        }
        gp.pinnedOn(null);
        acquirepWaiting(mp);
        gp.status = G.RUNNING;
    }

    // =========================================================================================
    // System calls
    // =========================================================================================

    /** entersyscall: this goroutine blocks in a system call; sysmon may retake its P. */
    void entersyscall(M mp) {
        P pp = mp.p;
        pp.syscalltick++;
        mp.oldp = pp;
        mp.p = null;
        pp.m = null;
        pp.status = P.SYSCALL;
    }

    /**
     * exitsyscall: back from the call. Fast path: the old P is still ours. Else any idle P;
     * else wait for one (the goroutine's frames live on this thread, it cannot move).
     */
    void exitsyscall(M mp) {
        P old = mp.oldp;
        mp.oldp = null;
        if (old != null && old.casStatus(P.SYSCALL, P.RUNNING)) {
            mp.p = old;
            old.m = mp;
            old.syscalltick++;
            if (old.id >= gomaxprocs) {
                // retired while we were away: keep running on it only until findRunnable
                return;
            }
            return;
        }
        acquirepWaiting(mp);
    }

    /** Takes an idle P, waiting for one if there is none. */
    private void acquirepWaiting(M mp) {
        P pp;
        synchronized (lock) {
            pp = pidleget();
            if (pp == null) {
                pwaiters.add(mp);
            }
        }
        while (pp == null) {
            mp.notesleep();
            pp = mp.nextp;
        }
        mp.nextp = null;
        mp.allgs.ownerSleeps(false);
        acquirep(mp, pp);
    }

    /** retake, for sysmon: the P of an M too long in a system call goes to another M. */
    boolean retakeSyscall(P pp) {
        if (!pp.casStatus(P.SYSCALL, P.IDLE)) {
            return false;
        }
        handoffp(pp);
        return true;
    }

    // =========================================================================================
    // Ms and Ps
    // =========================================================================================

    /**
     * wakep: tries to add one more P to execute goroutines, when there is an idle P and no
     * spinning M.
     */
    void wakep() {
        // go1.19's first test: no idle P, nothing to wake. Every P is running and will look at
        // its queue, and one that goes idle later steals first. It spares every ready() on a
        // saturated scheduler (GOMAXPROCS 1 always) a CAS on nmspinning and the scheduler lock.
        if (npidle == 0) {
            return;
        }
        if (nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
            return;
        }
        P pp;
        synchronized (lock) {
            pp = pidleget();
        }
        if (pp == null) {
            if (nmspinning.decrementAndGet() < 0) {
                throw new SchedFault("wakep: negative nmspinning");
            }
            return;
        }
        startm(pp, true);
    }

    /**
     * startm: schedules some M to run {@code pp} (creating one if needed). If spinning, the
     * caller already incremented nmspinning.
     */
    private void startm(P pp, boolean spinning) {
        M nmp;
        synchronized (lock) {
            nmp = mget();
            if (nmp == null) {
                mcount++;
            }
        }
        if (nmp == null) {
            M created = new M(midgen.incrementAndGet(), this, allgs.newShard());
            created.spinning = spinning;
            created.nextp = pp;
            created.start();
            return;
        }
        nmp.spinning = spinning;
        nmp.nextp = pp;
        nmp.notewakeup();
    }

    /** stopm: puts this M on the idle list and sleeps until startm hands it a P. */
    private void stopm(M mp) {
        if (mp.p != null) {
            throw new SchedFault("stopm: holding a P");
        }
        mp.allgs.ownerSleeps(true); // other Ms may trim its registry meanwhile
        synchronized (lock) {
            mput(mp);
            checkdead();
        }
        // Only startm ends this sleep, and it hands over nextp first. A wake-up left over from
        // an earlier wait (a wakeForTimer that reached the timer sleeper just after its sleep
        // timed out, a goready of a pinned goroutine whose M saw the status change first) must
        // not end it: without a P this M would die in acquirep, still on the idle list.
        P pp;
        do {
            mp.notesleep();
            pp = mp.nextp;
        } while (pp == null);
        mp.nextp = null;
        mp.allgs.ownerSleeps(false);
        acquirep(mp, pp);
    }

    /**
     * handoffp: hands off a P from an M blocked in a system call or a pinned park: to a new M if
     * there is work, else to the idle list.
     */
    void handoffp(P pp) {
        if (!pp.runq.isEmpty() || runq.sizeHint() > 0) {
            startm(pp, false);
            return;
        }
        if (nmspinning.get() + npidle == 0 && nmspinning.compareAndSet(0, 1)) {
            startm(pp, true);
            return;
        }
        long when;
        synchronized (lock) {
            if (runq.size() > 0) {
                when = -1;
            } else {
                when = pp.timers.nextWhen();
                pidleput(pp);
                pp = null;
            }
        }
        if (pp != null) {
            startm(pp, false);
        } else if (when != Long.MAX_VALUE) {
            wakeForTimer(when);
        }
    }

    void acquirep(M mp, P pp) {
        if (mp.p != null || pp.m != null && pp.m != mp) {
            throw new SchedFault("acquirep: invalid p state");
        }
        mp.p = pp;
        pp.m = mp;
        pp.status = P.RUNNING;
    }

    /** releasep: the M lets go of its P (status left to the caller). */
    private void releasep(M mp) {
        P pp = mp.p;
        pp.m = null;
        mp.p = null;
        pp.status = P.IDLE;
    }

    /** pidleput: puts a P on the idle list, or hands it to an M waiting for one. Lock held. */
    private void pidleput(P pp) {
        assert Thread.holdsLock(lock);
        if (!pwaiters.isEmpty()) {
            M waiter = pwaiters.remove(0);
            pp.status = P.IDLE;
            waiter.nextp = pp;
            waiter.notewakeup();
            return;
        }
        pp.status = P.IDLE;
        pp.link = pidle;
        pidle = pp;
        npidle++;
    }

    /** pidleget: takes an idle P, or null. Lock held. */
    private P pidleget() {
        assert Thread.holdsLock(lock);
        P pp = pidle;
        if (pp != null) {
            pidle = pp.link;
            pp.link = null;
            npidle--;
        }
        return pp;
    }

    private void mput(M mp) {
        mp.link = midle;
        midle = mp;
        nmidle++;
    }

    private M mget() {
        M mp = midle;
        if (mp != null) {
            midle = mp.link;
            mp.link = null;
            nmidle--;
        }
        return mp;
    }

    // =========================================================================================
    // GOMAXPROCS
    // =========================================================================================

    /** procresize: changes the number of Ps; returns the old value. Surplus Ps retire. */
    public int setGomaxprocs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("golib: GOMAXPROCS must be at least 1, got " + n);
        }
        int old;
        List<P> added = new ArrayList<>();
        synchronized (lock) {
            old = gomaxprocs;
            if (n == old) {
                return old;
            }
            P[] cur = allp;
            if (n > cur.length) {
                P[] grown = java.util.Arrays.copyOf(cur, n);
                for (int i = cur.length; i < n; i++) {
                    grown[i] = new P(i);
                    added.add(grown[i]);
                }
                allp = grown;
            }
            for (int i = old; i < n && i < cur.length; i++) {
                if (cur[i].status == P.DEAD) {
                    P fresh = new P(i);
                    allp[i] = fresh;
                    added.add(fresh);
                }
            }
            gomaxprocs = n;
            for (P p : added) {
                pidleput(p);
            }
            if (n < old) {
                // idle surplus Ps retire now; running ones retire at their next schedule
                P prev = null;
                for (P p = pidle; p != null; p = p.link) {
                    if (p.id >= n) {
                        if (prev == null) {
                            pidle = p.link;
                        } else {
                            prev.link = p.link;
                        }
                        npidle--;
                        drainRetired(p);
                    } else {
                        prev = p;
                    }
                }
            }
        }
        for (int i = 0; i < added.size(); i++) {
            wakep();
        }
        return old;
    }

    /** Moves a retiring P's goroutines to the global queue and its timers to P 0. Lock held. */
    private void drainRetired(P p) {
        p.status = P.DEAD;
        G[] out = new G[257];
        int k = p.runq.drain(out);
        for (int i = 0; i < k; i++) {
            runq.put(out[i]);
        }
        p.timers.moveAllTo(allp[0].timers);
        for (G gp; (gp = p.gFree.pop()) != null; ) { // gfpurge
            toGlobalFree(gp);
        }
    }

    /** The M's P is beyond GOMAXPROCS: retire it, get another or stop. */
    private void retire(M mp) {
        P pp = mp.p;
        synchronized (lock) {
            releasep(mp);
            drainRetired(pp);
        }
        if (mp.spinning) {
            mp.spinning = false;
            nmspinning.decrementAndGet();
        }
        P p2;
        synchronized (lock) {
            p2 = pidleget();
        }
        if (p2 != null) {
            acquirep(mp, p2);
        } else {
            wakep();
            stopm(mp);
        }
    }

    // =========================================================================================
    // The API's entry points (io.golib.Go)
    // =========================================================================================

    /**
     * Go.run / Go.call: runs a main goroutine and waits for it on the calling thread.
     * golib-processor rightly warns that a park in the body, run in place inside a goroutine,
     * blocks the carrier; that pinning is the chosen behaviour (Go.run stays a plain method, so
     * plain {@code main}s call it without a warning), hence the suppression.
     */
    @SuppressWarnings("golib")
    public static Object runMain(GoRunnable runnable, GoCallable<?> callable) {
        Sched s = get();
        if (currentG() != null) {
            // already inside a goroutine: run it in place (it may pin this carrier)
            try {
                if (runnable != null) {
                    runnable.run();
                    return null;
                }
                return callable.call();
            } catch (Exception e) {
                throw unchecked(e);
            }
        }
        s.checkNotFailed();
        MainWaiter w = new MainWaiter();
        if (runnable != null) {
            s.newmain(runnable, w);
        } else {
            s.newmain(callable, w);
        }
        if (s.failure != null) { // failed while we registered: carrierFailed may have missed us
            w.complete(null, s.failedError());
        }
        if (!w.await()) {
            throw new io.golib.GoroutineException("golib: the thread waiting in Go.run was"
                    + " interrupted; the main goroutine goes on without it",
                    new InterruptedException());
        }
        if (w.failure == null) {
            return w.result;
        }
        if (w.failure instanceof Error) {
            throw (Error) w.failure;
        }
        throw unchecked(w.failure);
    }

    /** The internal error that killed a carrier, or null while the scheduler is sound. */
    private volatile Throwable failure;

    /**
     * A carrier died of an internal error: a bug in golib (Go would print "fatal error" and
     * exit). Its P and goroutines are lost, and nothing can say which other state it left half
     * changed, so the scheduler stops being trusted: every {@code Go.run} waiting now, and every
     * later one, fails with the error as the cause, instead of hanging. The carrier's thread.
     */
    void carrierFailed(M mp, Throwable t) {
        if (failure == null) {
            failure = t;
        }
        System.err.println("golib: fatal error: carrier " + mp.getName() + " died of an internal"
                + " error (a bug in golib: please report it with this trace); the scheduler is"
                + " stopped and every Go.run fails");
        t.printStackTrace();
        for (MainG g : mains) {
            g.waiter.complete(null, failedError());
        }
    }

    private void checkNotFailed() {
        if (failure != null) {
            throw failedError();
        }
    }

    private SchedFault failedError() {
        SchedFault f = new SchedFault("golib: the scheduler is stopped: a carrier died of an"
                + " internal error (see the cause)");
        f.initCause(failure);
        return f;
    }

    /** The API's rule: unchecked exceptions as they are, checked ones in GoroutineException. */
    private static RuntimeException unchecked(Throwable t) {
        return t instanceof RuntimeException ? (RuntimeException) t
                : new io.golib.GoroutineException(t);
    }

    /** How many parks so far blocked a carrier because a frame could not unwind (diagnostics,
     *  tests; {@code -Dgolib.tracePinned=true} names the sites). */
    public long pinnedParks() {
        return pinnedParks.get();
    }

    public int gomaxprocs() {
        return gomaxprocs;
    }

    public int numGoroutine() {
        return ngoroutines.get();
    }

    public void setPanicHandler(Consumer<Throwable> handler) {
        panicHandler = handler;
    }

    /** The timer a sleeping goroutine waits on; one per goroutine, reused. */
    static final class SleepTimer extends TimerNode {
        final G gp;
        final Sched sched;

        SleepTimer(G gp, Sched sched) {
            this.gp = gp;
            this.sched = sched;
        }

        @Override
        void fire(long now) {
            sched.ready(gp);
        }
    }

    /** Go.sleep: parks on a timer, at least until the deadline (never wakes early). */
    @Goroutine
    public static void sleep(java.time.Duration d) {
        G gp = currentG();
        long nanos = d.isNegative() ? 0 : saturatedNanos(d);
        if (gp == null) {
            try {
                if (nanos > 0) {
                    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                } else {
                    Thread.yield();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (nanos == 0) {
            Continuation.yieldNow();
            return;
        }
        long deadline = System.nanoTime() + nanos;
        if (deadline < 0 && nanos > 0) {
            deadline = Long.MAX_VALUE;
        }
        while (System.nanoTime() - deadline < 0) {
            park("sleep", Sched::armSleep, deadline);
        }
    }

    private static long saturatedNanos(java.time.Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** resetForSleep: arms the goroutine's timer once it is parked (Go's unlockf for Sleep). */
    private static boolean armSleep(G gp, Object deadline) {
        Sched s = get();
        M mp = M.current();
        P pp = mp == null ? null : mp.p;
        if (pp == null) {
            pp = s.allp[0];
        }
        if (gp.sleepTimer == null) {
            gp.sleepTimer = new SleepTimer(gp, s);
        }
        long when = (Long) deadline;
        pp.timers.modify(gp.sleepTimer, when, 0);
        s.wakeForTimer(when);
        return true;
    }

    /**
     * withSyscall: hands the P off while {@code f} blocks the carrier. golib-processor rightly
     * warns that a park in {@code f} blocks the carrier (pins) instead of parking: blocking the
     * carrier is what a system call does, hence the suppression.
     */
    @SuppressWarnings("golib")
    public static <T> T syscall(GoCallable<T> f) {
        M mp = M.current();
        boolean inGoroutine = mp != null && mp.p != null && mp.curg != null;
        Sched s = inGoroutine ? get() : null;
        if (inGoroutine) {
            s.entersyscall(mp);
        }
        try {
            return f.call();
        } catch (Exception e) {
            throw unchecked(e);
        } finally {
            if (inGoroutine) {
                s.exitsyscall(mp);
            }
        }
    }

    // =========================================================================================
    // Deadlock
    // =========================================================================================

    /**
     * checkdead: called when an M goes idle. If no M runs, none is in a system call, no timer
     * is pending and nothing is runnable, but a main goroutine waits, nothing can ever wake it:
     * its {@code Go.run} fails with the goroutine dump. Lock held.
     */
    void checkdead() {
        assert Thread.holdsLock(lock);
        deadlockSuspected = false;
        // An M in a system call still runs: its goroutine may wake others when the call returns
        // (Go's sched.nmsys counts system Ms such as sysmon, which golib does not count at all).
        int run = mcount - nmidle - nmpinned.get() - (timerSleeper != null ? 1 : 0)
                + npolling.get();
        if (run > 0 || runq.size() > 0) {
            return;
        }
        Netpoller np = netpoller;
        if (np != null && np.hasWaiters()) {
            return; // a goroutine waiting for I/O may wake the others (Go: an M is in netpoll)
        }
        for (P p : allp) {
            if (p.status != P.DEAD && (!p.runq.isEmpty() || !p.timers.isEmpty())) {
                return;
            }
        }
        List<MainG> waiting = new ArrayList<>();
        for (MainG g : this.mains) {
            if (g.status == G.WAITING && !g.waiter.isDone()) {
                waiting.add(g);
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        if (ForeignThreads.mayAct()) {
            // A plain thread may still send or close: not provably dead. Sysmon asks again.
            deadlockSuspected = true;
            return;
        }
        String dump = dump();
        for (MainG g : waiting) {
            g.waiter.complete(null, new io.golib.DeadlockException(
                    "all goroutines are asleep - deadlock!\n\n" + dump));
        }
    }

    // =========================================================================================
    // Dumps
    // =========================================================================================

    /** Every goroutine's id, state, wait reason and logical stack, as Go prints them. */
    public String dump() {
        StringBuilder sb = new StringBuilder();
        List<G> gs = allgs.snapshot();
        gs.sort((a, b) -> Long.compare(a.id, b.id));
        G self = currentG();
        for (G g : gs) {
            sb.append("goroutine ").append(g.id).append(" [").append(state(g)).append("]:\n");
            if (g == self) {
                // running here: its frames are this thread's
                appendCarrierFrames(sb, Thread.currentThread().getStackTrace());
            } else if (g.status == G.RUNNING) {
                sb.append("\t(running on another carrier; stack unavailable)\n");
            } else {
                for (StackTraceElement e : g.logicalStack()) { // saved in its heap stack
                    sb.append('\t').append(e).append('\n');
                }
                M pinned = g.pinnedOn();
                if (pinned != null) {
                    // parked without unwinding (a frame that cannot, or a monitor): the rest of its
                    // frames are on the carrier it keeps. Racy, as any look at another thread.
                    appendCarrierFrames(sb, pinned.getStackTrace());
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * A goroutine's frames on its carrier's Java stack, innermost first: the part above the
     * continuation driver ({@code Continuation.run}, below which the scheduler runs), without
     * golib's runtime internals, the JDK's parking and stack-walking frames, lambda classes'
     * forwarding frames, or the rewritten methods' generated ones.
     */
    private static void appendCarrierFrames(StringBuilder sb, StackTraceElement[] frames) {
        int end = frames.length;
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().equals("io.golib.runtime.stack.Continuation")
                    && frames[i].getMethodName().equals("run")) {
                end = i;
                break;
            }
        }
        for (int i = 0; i < end; i++) {
            String cls = frames[i].getClassName();
            if (cls.startsWith("io.golib.runtime.") || cls.equals("java.lang.Thread")
                    || cls.startsWith("jdk.internal.")
                    || cls.startsWith("java.util.concurrent.locks.")
                    || cls.contains("$$Lambda")
                    || frames[i].getMethodName().contains("$golib$")) {
                continue;
            }
            StackTraceElement f = frames[i]; // printed as saved frames are: no loader or module
            sb.append('\t').append(new StackTraceElement(cls, f.getMethodName(), f.getFileName(),
                    f.getLineNumber())).append('\n');
        }
    }

    private static String state(G g) {
        switch (g.status) {
            case G.RUNNABLE:
                return "runnable";
            case G.RUNNING:
                return "running";
            case G.WAITING:
                return g.waitReason == null ? "waiting" : g.waitReason;
            default:
                return "dead";
        }
    }
}
