package io.golib.net;

import io.golib.runtime.sched.G;
import io.golib.runtime.sched.GList;
import io.golib.runtime.sched.Netpoller;
import io.golib.runtime.sched.Sched;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scheduler's network poller over one NIO {@link Selector}: Go's netpoll_epoll.go
 * (netpollinit, netpollopen, netpoll, netpollBreak) with a level-triggered selector. Installed
 * into the scheduler on first use of {@code io.golib.net}.
 *
 * <p>A socket is registered once with no interest ({@link PollDesc}); a goroutine that must wait
 * adds its operation's interest after it is parked, and {@link #poll} hands it back once the
 * selector reports the socket ready, removing that interest again. Level-triggered, so readiness
 * that arrived before the interest was added is still reported: no wake-up is lost.
 *
 * <p>Several threads may call {@link #poll} (carriers, sysmon), but a selector selects for one
 * thread at a time: a poll that finds another under way returns at once (the one under way
 * hands back whatever is ready), so no carrier ever waits behind the blocking poll of the idle M.
 */
final class NioPoller implements Netpoller {
    private static volatile NioPoller instance;

    private final Selector selector;
    /** Parked goroutines registered and not handed back (Go's netpollWaiters). */
    private final AtomicInteger waiters = new AtomicInteger();
    /** A thread is inside {@link #poll}'s select. */
    private final AtomicBoolean polling = new AtomicBoolean();

    private NioPoller(Selector selector) {
        this.selector = selector;
    }

    /** The poller, made and installed into the scheduler on first use. */
    static NioPoller get() {
        NioPoller p = instance;
        if (p == null) {
            synchronized (NioPoller.class) {
                p = instance;
                if (p == null) {
                    try {
                        p = new NioPoller(Selector.open());
                    } catch (IOException e) {
                        throw new UncheckedIOException("golib: cannot open the network poller", e);
                    }
                    Sched.get().setNetpoller(p);
                    instance = p;
                }
            }
        }
        return p;
    }

    Selector selector() {
        return selector;
    }

    /** A goroutine registered to wait (called once it is parked). */
    void waiterAdded() {
        waiters.incrementAndGet();
    }

    /** A registered goroutine was handed back by a deadline or a close instead of a poll. */
    void waiterRemoved() {
        waiters.decrementAndGet();
    }

    /** Interest changed: a select under way must look again to see it (Go's netpollBreak). */
    void interestChanged() {
        if (polling.get()) {
            selector.wakeup();
        }
    }

    /**
     * After a close: makes the selector drop cancelled keys now, so the socket really closes
     * (NIO defers closing a registered channel until its key leaves the selector). If another
     * thread is polling, its next select does it ({@link #wakeup} makes it look again).
     */
    void flushCancelled() {
        GList ready = new GList();
        poll(0, ready);
        for (G gp; (gp = ready.pop()) != null; ) {
            Sched.get().ready(gp);
        }
        selector.wakeup();
    }

    @Override
    public boolean hasWaiters() {
        return waiters.get() > 0;
    }

    @Override
    public void poll(long timeoutNanos, GList ready) {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        try {
            if (timeoutNanos == 0) {
                selector.selectNow();
            } else if (timeoutNanos < 0) {
                selector.select();
            } else {
                selector.select(Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
            }
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                it.remove();
                PollDesc pd = (PollDesc) key.attachment();
                int ops;
                try {
                    ops = key.readyOps();
                    key.interestOpsAnd(~ops);
                } catch (CancelledKeyException e) {
                    continue; // closed: close() handed its waiters back
                }
                if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
                    handBack(pd.takeWaiter(true), ready);
                }
                if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
                    handBack(pd.takeWaiter(false), ready);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("golib: the network poller failed", e);
        } finally {
            polling.set(false);
        }
    }

    private void handBack(G gp, GList ready) {
        if (gp != null) {
            waiters.decrementAndGet();
            ready.push(gp);
        }
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }
}
