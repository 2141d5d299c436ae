package io.golib.runtime.sched;

/**
 * The scheduler's side of a network poller: what findRunnable, the idle path and sysmon ask of
 * it. Port of the interface go1.22 runtime/proc.go uses from netpoll.go: netpollAnyWaiters,
 * netpoll(delay) and netpollBreak. One is installed with {@link Sched#setNetpoller}; without
 * one, the M that gives up last sleeps until the earliest timer instead.
 *
 * <p>A goroutine waits for I/O by registering with the poller and parking (Go's
 * {@code gopark(netpollblockcommit)}); the poller hands it back from {@link #poll} once its
 * I/O is ready, and the scheduler makes it runnable. The methods may be called by several
 * threads at once (carriers and sysmon), as epoll may.
 */
public interface Netpoller {
    /**
     * netpollAnyWaiters: whether any goroutine waits for I/O. While true, no deadlock is
     * reported, and an M that goes idle polls instead of sleeping.
     */
    boolean hasWaiters();

    /**
     * netpoll: moves the goroutines whose I/O is ready into {@code ready}, each one parked
     * ({@code WAITING}) and not handed back before. Waits until one is ready or
     * {@link #wakeup()} is called, at most {@code timeoutNanos}: 0 does not wait, a negative
     * value waits without a limit.
     */
    void poll(long timeoutNanos, GList ready);

    /** netpollBreak: makes a {@link #poll} that is waiting, or the next one, return now. */
    void wakeup();
}
