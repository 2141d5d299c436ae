package io.golib.net;

import io.golib.Goroutine;
import io.golib.runtime.sched.G;
import io.golib.runtime.sched.RuntimeTimer;
import io.golib.runtime.sched.Sched;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;

/**
 * One socket's waiting state: Go's pollDesc (runtime/netpoll.go: the read and write waiters,
 * their deadlines, and close). The socket is non-blocking and registered with the
 * {@link NioPoller} with no interest; {@link #await} parks the calling goroutine until the
 * socket may be ready for the operation, its deadline passes, or the socket is closed.
 *
 * <p>Each waiter slot ({@link #rg}, {@link #wg}) holds the one goroutine parked for reads
 * (accept, reads) or writes (connect, writes), or null. Whoever takes it out with a CAS (the
 * poller, the deadline timer, {@link #close}) is the one that readies it, exactly once. The
 * waiter itself sets the slot only after it is parked (gopark's unlock function), then checks
 * for a close or a passed deadline that its wakers could have missed, and if so takes itself
 * back and cancels the park.
 *
 * <p>A plain thread waits on a selector of its own instead (the scheduler may have no carrier
 * polling for it), in slices, so that a close from another thread is seen.
 */
final class PollDesc {
    private final SelectableChannel channel;
    private final NioPoller poller;
    private final SelectionKey key;
    private volatile G rg;
    private volatile G wg;
    private volatile boolean closed;
    /** {@link System#nanoTime()} deadlines, 0 for none. */
    private volatile long rdeadline;
    private volatile long wdeadline;
    /** The interest the parked reader / writer waits for (read by {@link #arm} after the park;
     *  written by that goroutine just before it). */
    private int rop;
    private int wop;
    private final DeadlineTimer rtimer = new DeadlineTimer(this, true);
    private final DeadlineTimer wtimer = new DeadlineTimer(this, false);

    private static final ThreadLocal<Selector> THREAD_SELECTORS = ThreadLocal.withInitial(() -> {
        try {
            return Selector.open();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    });

    PollDesc(SelectableChannel channel) throws IOException {
        channel.configureBlocking(false);
        this.channel = channel;
        this.poller = NioPoller.get();
        this.key = channel.register(poller.selector(), 0, this);
    }

    /** Go's SetReadDeadline / SetWriteDeadline: null clears it; a passed one fails at once. */
    void setDeadline(Instant deadline, boolean read) {
        long when = 0;
        if (deadline != null) {
            long left = Duration.between(Instant.now(), deadline).toNanos();
            when = System.nanoTime() + Math.max(left, -1);
            if (when == 0) {
                when = 1;
            }
        }
        if (read) {
            rdeadline = when;
        } else {
            wdeadline = when;
        }
    }

    /** Throws if the socket is closed or the operation's deadline has passed. */
    void check(boolean read) throws IOException {
        if (closed) {
            throw new SocketException("use of closed network connection");
        }
        long d = read ? rdeadline : wdeadline;
        if (d != 0 && System.nanoTime() - d >= 0) {
            throw new SocketTimeoutException((read ? "read" : "write")
                    + " timed out: the deadline has passed");
        }
    }

    /**
     * Waits until the socket may be ready for reading ({@code read}: accept, read) or writing
     * (connect, write); the caller retries its operation. Go's netpollblock.
     *
     * @throws SocketTimeoutException if the deadline passes first
     * @throws SocketException if the socket is closed
     */
    @Goroutine
    void await(boolean read, int op) throws IOException {
        check(read);
        G gp = Sched.currentG();
        if (gp == null) {
            awaitAsThread(read, op);
            return;
        }
        long d = read ? rdeadline : wdeadline;
        DeadlineTimer timer = read ? rtimer : wtimer;
        if (d != 0) {
            timer.start(d, 0);
        }
        if (read) {
            rop = op;
            Sched.park("IO wait", ARM_READ, this);
        } else {
            wop = op;
            Sched.park("IO wait", ARM_WRITE, this);
        }
        if (d != 0) {
            timer.stop();
        }
        check(read);
    }

    /** {@link #arm} of a reader or writer: constant unlock functions, so a park allocates none. */
    private static final G.Unlocker ARM_READ = (gp, pd) -> ((PollDesc) pd).arm(gp, true);
    private static final G.Unlocker ARM_WRITE = (gp, pd) -> ((PollDesc) pd).arm(gp, false);

    /** gopark's unlock function: the goroutine is parked; publish it, then close the races. */
    private boolean arm(G gp, boolean read) {
        int op = read ? rop : wop;
        VarHandle slot = read ? RG : WG;
        if (!slot.compareAndSet(this, null, gp)) {
            throw new IllegalStateException((read ? "read" : "write")
                    + ": two goroutines wait on one socket at once");
        }
        poller.waiterAdded();
        try {
            key.interestOpsOr(op);
        } catch (java.nio.channels.CancelledKeyException e) {
            // closed meanwhile: the check below takes us back
        }
        poller.interestChanged();
        long d = read ? rdeadline : wdeadline;
        if (closed || (d != 0 && System.nanoTime() - d >= 0)) {
            if (slot.compareAndSet(this, gp, null)) {
                poller.waiterRemoved();
                return false; // not parked after all: runs on and sees the close or deadline
            }
        }
        return true;
    }

    /** Takes the waiter out of its slot, or null if none (or another waker took it). */
    G takeWaiter(boolean read) {
        return (G) (read ? RG : WG).getAndSet(this, null);
    }

    /** Readies the waiter of one direction, if any (Go's netpollunblock): a deadline or a close. */
    private void unblock(boolean read) {
        G gp = takeWaiter(read);
        if (gp != null) {
            poller.waiterRemoved();
            Sched.get().ready(gp);
        }
    }

    private void awaitAsThread(boolean read, int op) throws IOException {
        Selector sel = THREAD_SELECTORS.get();
        SelectionKey k;
        try {
            k = channel.register(sel, op);
        } catch (ClosedChannelException e) {
            throw new SocketException("use of closed network connection");
        }
        try {
            while (true) {
                check(read);
                long d = read ? rdeadline : wdeadline;
                long slice = 50;
                if (d != 0) {
                    slice = Math.min(slice, Math.max(1, (d - System.nanoTime() + 999_999) / 1_000_000));
                }
                if (sel.select(slice) > 0) {
                    sel.selectedKeys().clear();
                    return;
                }
            }
        } finally {
            k.cancel();
            sel.selectNow(); // deregister now, so the channel can register again
        }
    }

    /**
     * Closes the socket (Go's FD.Close): wakes its waiters, then closes the channel. Closing
     * again does nothing.
     */
    void closeSocket() {
        if (closed) {
            return;
        }
        close();
        try {
            channel.close();
        } catch (IOException e) {
            // Go's Close error: nothing useful to do with it here
        }
    }

    /** Go's pollDesc close (netpollunblock of both waiters): they wake and see the close. */
    private void close() {
        closed = true;
        unblock(true);
        unblock(false);
        rtimer.stop();
        wtimer.stop();
        key.cancel();
        poller.flushCancelled();
    }

    /** Readies the waiter of one direction when its deadline passes (Go's netpollReadDeadline). */
    private static final class DeadlineTimer extends RuntimeTimer {
        private final PollDesc pd;
        private final boolean read;

        DeadlineTimer(PollDesc pd, boolean read) {
            this.pd = pd;
            this.read = read;
        }

        @Override
        protected void onFire(long now) {
            pd.unblock(read);
        }
    }

    private static final VarHandle RG;
    private static final VarHandle WG;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RG = l.findVarHandle(PollDesc.class, "rg", G.class);
            WG = l.findVarHandle(PollDesc.class, "wg", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
