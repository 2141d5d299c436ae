package io.golib.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.golib.Go;
import io.golib.Goroutine;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocking send and receive of {@link Chan} and of the generated primitive channels are
 * primitives that park in their caller's frame ({@code Continuation.parkAs}): the parked
 * goroutine's innermost saved frame is the caller's, and a completion run on resume hands the
 * caller what the operation would have returned or thrown. The innermost frame is read from
 * goroutine dumps; the pinned path (a caller that is not rewritten) still blocks and delivers.
 */
@Timeout(60)
class ParkInCallersFrameTest {

    /**
     * The dump block of the goroutine waiting with {@code reason} whose innermost frame's method
     * name starts with {@code innermost} ({@code "name("} for an exact name), once there is one
     * (the goroutine reaches its wait).
     */
    @Goroutine
    private static String waiterIn(String reason, String innermost) {
        for (int i = 0; i < 5_000; i++) {
            for (String block : Go.dumpGoroutines().split("\n\n")) {
                String[] lines = block.split("\n");
                if (lines.length > 1 && lines[0].endsWith("[" + reason + "]:")
                        && lines[1].contains("." + innermost)) {
                    return block;
                }
            }
            Go.sleep(Duration.ofMillis(1));
        }
        throw new AssertionError("no goroutine waits [" + reason + "] in " + innermost + ":\n"
                + Go.dumpGoroutines());
    }

    /** A blocked receive saves only its caller's frame; the element arrives as its result. */
    @Test
    void aBlockedReceiveParksInItsCallersFrameAndGetsTheElement() {
        String[] got = new String[1];
        String[] block = new String[1];
        Go.run(() -> {
            Chan<String> ch = Chan.make();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                got[0] = receiveFrom(ch);
                done.close();
            });
            block[0] = waiterIn("chan receive", "receiveFrom(");
            ch.send("x");
            done.recv();
        });
        assertFalse(block[0].contains("Chan.recv"), block[0]);
        assertEquals("x!", got[0]);
    }

    @Goroutine
    private static String receiveFrom(Chan<String> ch) {
        String suffix = "!";
        return ch.recv() + suffix;
    }

    /** A blocked send woken by close gets "send on closed channel" at its call, in the caller. */
    @Test
    void aBlockedSendWokenByCloseThrowsAtTheCallersCall() {
        caught = null;
        Go.run(() -> {
            Chan<Integer> ch = Chan.make();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                sendAndCatch(ch);
                done.close();
            });
            String block = waiterIn("chan send", "sendAndCatch(");
            assertFalse(block.contains("Chan.send"), block);
            ch.close();
            done.recv();
        });
        assertEquals("send on closed channel", caught);
    }

    private static volatile String caught;

    @Goroutine
    private static void sendAndCatch(Chan<Integer> ch) {
        try {
            ch.send(1);
        } catch (ChanClosedException e) {
            caught = e.getMessage();
        }
    }

    /** A receive woken by close returns null (Chan) or zero (the primitive channels). */
    @Test
    void aBlockedReceiveWokenByCloseGetsTheZeroValue() {
        Object[] got = {"unset"};
        double[] d = {1};
        Go.run(() -> {
            Chan<String> ch = Chan.make();
            DoubleChan dc = DoubleChan.make();
            Chan<Boolean> done = Chan.make(2);
            Go.go(() -> {
                got[0] = receiveRef(ch);
                done.send(true);
            });
            Go.go(() -> {
                d[0] = receiveDouble(dc);
                done.send(true);
            });
            waiterIn("chan receive", "receiveRef(");
            waiterIn("chan receive", "receiveDouble(");
            ch.close();
            dc.close();
            done.recv();
            done.recv();
        });
        assertNull(got[0]);
        assertEquals(0.0, d[0]);
    }

    @Goroutine
    private static Object receiveRef(Chan<String> ch) {
        return ch.recv();
    }

    @Goroutine
    private static double receiveDouble(DoubleChan ch) {
        return ch.recv();
    }

    /**
     * The primitive receive's completion returns the element's bits in the form the caller reads
     * them: a negative int sign-extended, a long whole, a double raw (NaN payload, -0.0). The
     * receiver is blocked before each send, so each value arrives through a park.
     */
    @Test
    void primitiveReceivesReturnTheirValuesExactly() {
        double nanWithPayload = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
        long[] got = new long[4];
        Go.run(() -> {
            IntChan ic = IntChan.make();
            LongChan lc = LongChan.make();
            DoubleChan dc = DoubleChan.make();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                got[0] = ic.recv();
                got[1] = lc.recv();
                got[2] = Double.doubleToRawLongBits(dc.recv());
                got[3] = Double.doubleToRawLongBits(dc.recv());
                done.close();
            });
            waiterIn("chan receive", "lambda$primitiveReceivesReturnTheirValuesExactly$");
            ic.send(-7);
            lc.send(Long.MIN_VALUE + 3);
            dc.send(nanWithPayload);
            dc.send(-0.0);
            done.recv();
        });
        assertEquals(-7, got[0]);
        assertEquals(Long.MIN_VALUE + 3, got[1]);
        assertEquals(Double.doubleToRawLongBits(nanWithPayload), got[2]);
        assertEquals(Double.doubleToRawLongBits(-0.0), got[3]);
    }

    /** A blocked primitive send parks in its caller's frame and is taken by a receiver. */
    @Test
    void aBlockedPrimitiveSendParksInItsCallersFrame() {
        long[] got = new long[2];
        Go.run(() -> {
            LongChan lc = LongChan.make();
            Go.go(() -> sendTwice(lc));
            String block = waiterIn("chan send", "sendTwice(");
            assertFalse(block.contains("LongChan.send"), block);
            got[0] = lc.recv();
            got[1] = lc.recv();
        });
        assertEquals(41L, got[0]);
        assertEquals(42L, got[1]);
    }

    @Goroutine
    private static void sendTwice(LongChan ch) {
        long v = 41;
        ch.send(v);
        ch.send(v + 1);
    }

    /**
     * Called through a frame that is not rewritten (reflection), a blocking receive cannot park in
     * its caller's frame: it blocks the carrier (a pinned park) and still returns the element.
     */
    @Test
    void throughAFrameThatCannotUnwindItBlocksAndStillDelivers() throws Exception {
        Chan<String> ch = Chan.make();
        Method recv = Chan.class.getMethod("recv");
        List<Object> got = new CopyOnWriteArrayList<>();
        Go.run(() -> {
            Go.go(() -> ch.send("pinned"));
            got.add(recv.invoke(ch));
        });
        assertEquals(List.of("pinned"), got);
    }

    private static final Object MONITOR = new Object();

    @Goroutine
    public static String recvIn(Chan<String> ch) {
        return ch.recv();
    }

    @Goroutine
    public static int recvIntIn(IntChan ch) {
        return ch.recv();
    }

    @Goroutine
    public static void sendIn(Chan<String> ch, String v) {
        ch.send(v);
    }

    @Goroutine
    private static String recvHoldingAMonitor(Chan<String> ch) {
        synchronized (MONITOR) {
            return ch.recv();
        }
    }

    @Goroutine
    private static synchronized long recvInASynchronizedMethod(LongChan ch) {
        return ch.recv();
    }

    /**
     * The caller is rewritten, so the receive starts parking in its frame, but a frame further
     * down cannot unwind (reflection calls the caller; or the caller holds a monitor): the park is
     * pinned after the primitive has returned, and the element must still reach the caller. Lost
     * (null, 0 or a stale return register) before the completion also ran on the pinned path.
     */
    @Test
    void pinnedBelowARewrittenCallerTheElementStillArrives() throws Exception {
        Method recvIn = ParkInCallersFrameTest.class.getMethod("recvIn", Chan.class);
        Method recvIntIn = ParkInCallersFrameTest.class.getMethod("recvIntIn", IntChan.class);
        List<Object> got = new CopyOnWriteArrayList<>();
        Go.run(() -> {
            Chan<String> ch = Chan.make();
            IntChan ints = IntChan.make();
            LongChan longs = LongChan.make();
            Go.go(() -> {
                Go.sleep(Duration.ofMillis(5)); // each receive below waits
                ch.send("through reflection");
                ints.send(16007); // leaves a value in the return registers: a stale one shows
                ints.send(-5);
                ch.send("under a monitor");
                longs.send(Long.MIN_VALUE + 3);
            });
            got.add(recvIn.invoke(null, ch));
            got.add(recvIntIn.invoke(null, ints));
            got.add(recvIntIn.invoke(null, ints));
            got.add(recvHoldingAMonitor(ch));
            got.add(recvInASynchronizedMethod(longs));
        });
        assertEquals(List.of("through reflection", 16007, -5, "under a monitor",
                Long.MIN_VALUE + 3), got);
    }

    /** The same for a send woken by close: the exception reaches the caller's call. */
    @Test
    void pinnedBelowARewrittenCallerASendWokenByCloseThrows() throws Exception {
        Method sendIn = ParkInCallersFrameTest.class.getMethod("sendIn", Chan.class,
                String.class);
        List<Object> got = new CopyOnWriteArrayList<>();
        Go.run(() -> {
            Chan<String> ch = Chan.make();
            Go.go(() -> {
                Go.sleep(Duration.ofMillis(5));
                ch.close();
            });
            try {
                sendIn.invoke(null, ch, "never taken");
                got.add("sent");
            } catch (java.lang.reflect.InvocationTargetException e) {
                got.add(e.getCause().getMessage());
            }
        });
        assertEquals(List.of("send on closed channel"), got);
    }

    @Goroutine
    private static String sendHoldingAMonitor(Chan<String> ch) {
        synchronized (MONITOR) {
            try {
                ch.send("never taken");
                return "sent";
            } catch (ChanClosedException e) {
                return e.getMessage();
            }
        }
    }

    /** Holding a monitor, the caller's own catch gets the exception of a send woken by close. */
    @Test
    void aSendPinnedByAMonitorAndWokenByCloseThrowsAtTheCall() {
        String got = Go.call(() -> {
            Chan<String> ch = Chan.make();
            Go.go(() -> {
                Go.sleep(Duration.ofMillis(5));
                ch.close();
            });
            return sendHoldingAMonitor(ch);
        });
        assertEquals("send on closed channel", got);
    }

    /**
     * Go.call inside a goroutine runs its body in place, through frames that cannot unwind: a
     * receive that waits there must return what was sent, not what the last one left in the
     * return registers ("old").
     */
    @Test
    void aNestedCallWhoseBodyParksReturnsItsResult() {
        List<Object> got = Go.call(() -> {
            Chan<String> ch = Chan.make();
            Go.go(() -> {
                ch.send("old");
                Go.sleep(Duration.ofMillis(5));
                ch.send("new");
            });
            String first = recvIn(ch);
            Object second = Go.call(() -> {
                String v = ch.recv();
                return v;
            });
            return List.of(first, second);
        });
        assertEquals(List.of("old", "new"), got);
    }

    /** Through the scheduler: many blocked sends and receives, every value once, in order. */
    @Test
    void manyParksThroughTheSchedulerLoseNothing() {
        int n = 20_000;
        long[] sum = new long[1];
        Go.run(() -> {
            Chan<Integer> ch = Chan.make();
            IntChan ic = IntChan.make();
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    ch.send(i);
                    ic.send(-i);
                }
            });
            for (int i = 0; i < n; i++) {
                int a = ch.recv();
                int b = ic.recv();
                assertEquals(i, a);
                assertEquals(-i, b);
                sum[0] += a - b;
            }
        });
        assertEquals((long) n * (n - 1), sum[0]);
    }

    /** Through the scheduler, a send blocked until a close gets the exception at its call. */
    @Test
    void aSendBlockedUntilCloseThrowsInItsCallerThroughTheScheduler() {
        Chan<Integer> ch = Chan.make();
        caught = null;
        Go.run(() -> {
            Go.go(() -> {
                Go.sleep(Duration.ofMillis(5));
                ch.close();
            });
            sendAndCatch(ch);
        });
        assertEquals("send on closed channel", caught);
    }
}
