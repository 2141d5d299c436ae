package io.golib.runtime.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * The system monitor: a daemon thread that needs no P. Port of go1.22 runtime/proc.go: sysmon,
 * retake, preemptone.
 * <ul>
 *   <li>Retakes the P of an M blocked in {@code withSyscall} for more than one sysmon tick
 *       (20 µs), or of one whose goroutine has kept it for 10 ms through a series of short
 *       system calls, so the other goroutines keep running.</li>
 *   <li>Asks a goroutine that has run for more than 10 ms without a scheduling point to yield
 *       (consumed at its next loop back-edge or call to a parking operation).</li>
 *   <li>Wakes an M when a timer is overdue and nobody is about to run it.</li>
 * </ul>
 * Sleeps 20 µs between checks, doubling after 50 idle rounds up to 10 ms, as Go's does.
 */
final class Sysmon extends Thread {
    /** forcePreemptNS: how long a goroutine may run before it is asked to yield. */
    static final long FORCE_PREEMPT_NS = 10_000_000L;
    private static final long MIN_DELAY_NS = 20_000L;
    private static final long MAX_DELAY_NS = 10_000_000L;

    /** How often a suspected deadlock (see {@link Sched#checkdead}) is re-examined. */
    private static final long DEAD_RECHECK_NS = 50_000_000L;

    private final Sched sched;
    private long lastDeadCheck;

    Sysmon(Sched sched) {
        super(null, null, "golib-sysmon", 256 << 10);
        this.sched = sched;
        setDaemon(true);
    }

    @Override
    public void run() {
        long delay = MIN_DELAY_NS;
        int idle = 0;
        while (true) {
            if (idle == 0) {
                delay = MIN_DELAY_NS;
            } else if (idle > 50) {
                delay = Math.min(delay * 2, MAX_DELAY_NS);
            }
            LockSupport.parkNanos(this, delay);
            long now = System.nanoTime();
            boolean acted = retake(now) > 0;
            acted |= pokeTimers(now);
            acted |= sched.sysmonPoll(now); // Go's sysmon: poll the network if not polled for 10 ms
            idle = acted ? 0 : idle + 1;
            if (sched.deadlockSuspected && now - lastDeadCheck >= DEAD_RECHECK_NS) {
                lastDeadCheck = now;
                synchronized (sched.lock) {
                    sched.checkdead(); // the plain thread that could act may have ended
                }
            }
        }
    }

    /** retake: preempts long-running goroutines and retakes Ps blocked in system calls. */
    private int retake(long now) {
        int n = 0;
        for (P pp : sched.allp) {
            int s = pp.status;
            boolean sysretake = false;
            if (s == P.RUNNING || s == P.SYSCALL) {
                // Preempt a goroutine that has run on the same schedtick for too long. One that
                // keeps entering short system calls holds its P the same way, but preemptone
                // cannot reach it while no M is wired to the P: retake the P instead (Go's
                // sysretake), or the other goroutines and timers of that P starve.
                long t = pp.schedtick;
                if (pp.seenSchedtick != t) {
                    pp.seenSchedtick = t;
                    pp.seenSchedwhen = now;
                } else if (pp.seenSchedwhen + FORCE_PREEMPT_NS <= now) {
                    if (s == P.SYSCALL) {
                        sysretake = true;
                    } else if (preemptone(pp)) {
                        n++;
                    }
                    pp.seenSchedwhen = now;
                }
            }
            if (s == P.SYSCALL) {
                long t = pp.syscalltick;
                if (!sysretake && pp.seenSyscalltick != t) {
                    pp.seenSyscalltick = t;
                    pp.seenSyscallwhen = now;
                    continue;
                }
                // Don't retake a P with no work while others spin or idle, unless the call
                // has lasted 10 ms (it would keep sysmon from sleeping deeply).
                if (pp.runq.isEmpty() && sched.nmspinning.get() + sched.npidle > 0
                        && pp.seenSyscallwhen + 10_000_000L > now) {
                    continue;
                }
                if (sched.retakeSyscall(pp)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** preemptone: asks the goroutine running on {@code pp} to yield. */
    private static boolean preemptone(P pp) {
        M mp = pp.m;
        if (mp == null) {
            return false;
        }
        G gp = mp.curg;
        if (gp == null) {
            return false;
        }
        gp.preempt();
        return true;
    }

    /** An overdue timer that no M is about to run gets one. */
    private boolean pokeTimers(long now) {
        if (sched.npidle == 0) {
            return false;
        }
        for (P pp : sched.allp) {
            if (pp.status != P.DEAD && pp.timers.nextWhen() < now - MIN_DELAY_NS) {
                sched.wakeForTimer(now);
                return true;
            }
        }
        return false;
    }
}
