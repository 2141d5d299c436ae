package io.golib.runtime.sched;

/**
 * A processor: the right to run Go code. An M must hold a P to run goroutines; there are
 * GOMAXPROCS of them. Port of go1.22 runtime/runtime2.go: p.
 */
final class P {
    // ---- statuses (runtime2.go: _Pidle ...) ----
    /** On the idle list (or being handed over); no M. */
    static final int IDLE = 0;
    /** Owned by an M running goroutines (or the scheduler). */
    static final int RUNNING = 1;
    /** Its M is in a system call ({@code withSyscall}); sysmon may retake it by CAS to IDLE. */
    static final int SYSCALL = 2;
    /** Retired by setGomaxprocs; never used again. */
    static final int DEAD = 4;

    final int id;
    /** See the statuses. Changed by CAS when sysmon may race with the owner (SYSCALL). */
    volatile int status;
    /** Local run queue. Owner M puts and gets; other Ms steal. */
    final RunQueue runq = new RunQueue();
    /** Dead goroutines for reuse (Go's p.gFree). Owner M only. */
    final GList gFree = new GList();
    /** This P's timers; guarded by their own lock. */
    final Timers timers = new Timers();
    /** The M that owns this P, or null. Written by the acquiring/releasing M. */
    volatile M m;
    /** Link in the idle list; guarded by the scheduler lock. */
    P link;
    /** Incremented on every scheduler call; read by sysmon. Owner only writes. */
    volatile long schedtick;
    /** Incremented on every system call; read by sysmon. Owner only writes. */
    volatile long syscalltick;

    // ---- sysmon's view (sysmontick): sysmon thread only ----
    long seenSchedtick;
    long seenSchedwhen;
    long seenSyscalltick;
    long seenSyscallwhen;

    P(int id) {
        this.id = id;
    }

    private static final java.lang.invoke.VarHandle STATUS;

    static {
        try {
            STATUS = java.lang.invoke.MethodHandles.lookup().findVarHandle(P.class, "status",
                    int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Moves the status from {@code from} to {@code to} if it is {@code from}. Any thread. */
    boolean casStatus(int from, int to) {
        return STATUS.compareAndSet(this, from, to);
    }
}
