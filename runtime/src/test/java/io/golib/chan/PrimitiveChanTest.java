package io.golib.chan;

import static io.golib.chan.Select.otherwise;
import static io.golib.chan.Select.recv;
import static io.golib.chan.Select.select;
import static io.golib.chan.Select.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.golib.Go;
import io.golib.GoRunnable;
import io.golib.Goroutine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generated primitive channels ({@code IntChan}, {@code LongChan}, {@code DoubleChan}) and
 * their select cases, after Go's runtime/chan_test.go: each property over every kind and over
 * capacities 0..N. The kinds are driven through {@link Kind}, which speaks raw bits, so one body
 * checks all three and a value is compared bit for bit (NaN payloads, -0.0).
 */
@Timeout(120)
class PrimitiveChanTest {
    static final int N = 8;

    // =========================================================================================
    // The kinds, as bits
    // =========================================================================================

    /**
     * One generated channel type behind a bits-only face; every method calls the typed API. (Its
     * members hide Select's static imports, so the case factories are called as Select.recv.)
     */
    abstract static class Kind {
        final String name;
        /** Values, as bits, that a lossy conversion would break. */
        final long[] extremes;

        Kind(String name, long... extremes) {
            this.name = name;
            this.extremes = extremes;
        }

        abstract HChan make(int capacity);

        @Goroutine
        abstract void send(HChan c, long bits);

        abstract boolean trySend(HChan c, long bits);

        /** {@code recv()}, as bits. */
        @Goroutine
        abstract long recv(HChan c);

        /** {@code recv(Received)}: {@code out[0]} the value's bits; returns ok (and checks it
         *  equals the holder's). */
        @Goroutine
        abstract boolean recvOk(HChan c, long[] out);

        /** {@code tryRecv(Received)}: -1 nothing ready, else 1 value / 0 closed in the holder,
         *  value bits in {@code out[0]}. The holder is preset to a value to see it unchanged. */
        abstract int tryRecv(HChan c, long[] out);

        /** {@code Select.recv(ch, (v, ok) -> ...)}: records bits and ok. */
        abstract SelectCase recvCase(HChan c, long[] bits, boolean[] ok);

        /** {@code Select.send(ch, v, handler)}. */
        abstract SelectCase sendCase(HChan c, long bits, GoRunnable handler);

        @Override
        public String toString() {
            return name;
        }
    }

    static final Kind INT = new Kind("IntChan", 0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
            0x80, -0x80, 0x7fff_ffff - 1) {
        @Override
        HChan make(int capacity) {
            return IntChan.make(capacity);
        }

        @Override
        @Goroutine
        void send(HChan c, long bits) {
            ((IntChan) c).send((int) bits);
        }

        @Override
        boolean trySend(HChan c, long bits) {
            return ((IntChan) c).trySend((int) bits);
        }

        @Override
        @Goroutine
        long recv(HChan c) {
            return ((IntChan) c).recv();
        }

        @Override
        @Goroutine
        boolean recvOk(HChan c, long[] out) {
            IntChan.Received r = new IntChan.Received();
            boolean ok = ((IntChan) c).recv(r);
            assertEquals(ok, r.ok(), "IntChan: recv(into) returns into.ok()");
            out[0] = r.value();
            return ok;
        }

        @Override
        int tryRecv(HChan c, long[] out) {
            IntChan.Received r = new IntChan.Received();
            if (!((IntChan) c).tryRecv(r)) {
                assertEquals(0, r.value(), "IntChan: tryRecv touched the holder");
                return -1;
            }
            out[0] = r.value();
            return r.ok() ? 1 : 0;
        }

        @Override
        SelectCase recvCase(HChan c, long[] bits, boolean[] ok) {
            return Select.recv((IntChan) c, (v, k) -> {
                bits[0] = v;
                ok[0] = k;
            });
        }

        @Override
        SelectCase sendCase(HChan c, long bits, GoRunnable handler) {
            return Select.send((IntChan) c, (int) bits, handler);
        }
    };

    static final Kind LONG = new Kind("LongChan", 0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE,
            0x8000_0000L, 0xffff_ffffL, -0x8000_0001L) {
        @Override
        HChan make(int capacity) {
            return LongChan.make(capacity);
        }

        @Override
        @Goroutine
        void send(HChan c, long bits) {
            ((LongChan) c).send(bits);
        }

        @Override
        boolean trySend(HChan c, long bits) {
            return ((LongChan) c).trySend(bits);
        }

        @Override
        @Goroutine
        long recv(HChan c) {
            return ((LongChan) c).recv();
        }

        @Override
        @Goroutine
        boolean recvOk(HChan c, long[] out) {
            LongChan.Received r = new LongChan.Received();
            boolean ok = ((LongChan) c).recv(r);
            assertEquals(ok, r.ok(), "LongChan: recv(into) returns into.ok()");
            out[0] = r.value();
            return ok;
        }

        @Override
        int tryRecv(HChan c, long[] out) {
            LongChan.Received r = new LongChan.Received();
            if (!((LongChan) c).tryRecv(r)) {
                assertEquals(0L, r.value(), "LongChan: tryRecv touched the holder");
                return -1;
            }
            out[0] = r.value();
            return r.ok() ? 1 : 0;
        }

        @Override
        SelectCase recvCase(HChan c, long[] bits, boolean[] ok) {
            return Select.recv((LongChan) c, (v, k) -> {
                bits[0] = v;
                ok[0] = k;
            });
        }

        @Override
        SelectCase sendCase(HChan c, long bits, GoRunnable handler) {
            return Select.send((LongChan) c, bits, handler);
        }
    };

    /** Quiet NaNs only: the JVM may quiet a signalling NaN on some platforms (JLS 4.2.3). */
    static final Kind DOUBLE = new Kind("DoubleChan", 0L,
            Double.doubleToRawLongBits(-0.0),
            0x7ff8_0000_0000_0000L,   // the canonical NaN
            0x7ff8_0000_dead_beefL,   // a NaN with a payload
            0xfff8_0000_0000_0001L,   // a negative NaN with a payload
            Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
            Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
            Double.doubleToRawLongBits(Double.MIN_VALUE),
            Double.doubleToRawLongBits(-Double.MAX_VALUE),
            Double.doubleToRawLongBits(1.0)) {
        @Override
        HChan make(int capacity) {
            return DoubleChan.make(capacity);
        }

        @Override
        @Goroutine
        void send(HChan c, long bits) {
            ((DoubleChan) c).send(Double.longBitsToDouble(bits));
        }

        @Override
        boolean trySend(HChan c, long bits) {
            return ((DoubleChan) c).trySend(Double.longBitsToDouble(bits));
        }

        @Override
        @Goroutine
        long recv(HChan c) {
            return Double.doubleToRawLongBits(((DoubleChan) c).recv());
        }

        @Override
        @Goroutine
        boolean recvOk(HChan c, long[] out) {
            DoubleChan.Received r = new DoubleChan.Received();
            boolean ok = ((DoubleChan) c).recv(r);
            assertEquals(ok, r.ok(), "DoubleChan: recv(into) returns into.ok()");
            out[0] = Double.doubleToRawLongBits(r.value());
            return ok;
        }

        @Override
        int tryRecv(HChan c, long[] out) {
            DoubleChan.Received r = new DoubleChan.Received();
            if (!((DoubleChan) c).tryRecv(r)) {
                assertEquals(0L, Double.doubleToRawLongBits(r.value()),
                        "DoubleChan: tryRecv touched the holder");
                return -1;
            }
            out[0] = Double.doubleToRawLongBits(r.value());
            return r.ok() ? 1 : 0;
        }

        @Override
        SelectCase recvCase(HChan c, long[] bits, boolean[] ok) {
            return Select.recv((DoubleChan) c, (v, k) -> {
                bits[0] = Double.doubleToRawLongBits(v);
                ok[0] = k;
            });
        }

        @Override
        SelectCase sendCase(HChan c, long bits, GoRunnable handler) {
            return Select.send((DoubleChan) c, Double.longBitsToDouble(bits), handler);
        }
    };

    static final List<Kind> KINDS = List.of(INT, LONG, DOUBLE);

    static String at(Kind k, HChan c) {
        return k + "[" + c.cap() + "]";
    }

    // =========================================================================================
    // Send and receive
    // =========================================================================================

    /** Values arrive in order and bit for bit, through recv() and recv(into) alike. */
    @Test
    void fifoWithExtremeValues() {
        for (Kind k : KINDS) {
            for (int cap = 0; cap <= N; cap++) {
                HChan c = k.make(cap);
                int rounds = 5;
                Go.run(() -> {
                    Go.go(() -> {
                        for (int r = 0; r < rounds; r++) {
                            for (long bits : k.extremes) {
                                k.send(c, bits);
                            }
                        }
                    });
                    long[] out = new long[1];
                    for (int r = 0; r < rounds; r++) {
                        for (int i = 0; i < k.extremes.length; i++) {
                            long want = k.extremes[i];
                            long got;
                            if ((r + i) % 2 == 0) {
                                got = k.recv(c);
                            } else {
                                assertTrue(k.recvOk(c, out), at(k, c) + ": ok for a value");
                                got = out[0];
                            }
                            assertEquals(want, got, String.format("%s: round %d value %d: got"
                                    + " %x, want %x", at(k, c), r, i, got, want));
                        }
                    }
                    assertEquals(0, c.len(), at(k, c));
                });
            }
        }
    }

    /** A received zero and a closed channel differ only in ok; recv() gives zero for both. */
    @Test
    void receivedZeroIsNotClosed() {
        for (Kind k : KINDS) {
            for (int cap = 0; cap <= N; cap++) {
                HChan c = k.make(cap);
                Go.run(() -> {
                    Go.go(() -> {
                        k.send(c, 0L);
                        k.send(c, k.extremes[3]);
                        c.close();
                    });
                    long[] out = {-1};
                    assertTrue(k.recvOk(c, out), at(k, c) + ": a sent zero is ok");
                    assertEquals(0L, out[0], at(k, c));
                    assertTrue(k.recvOk(c, out), at(k, c));
                    assertEquals(k.extremes[3], out[0], at(k, c));
                    assertFalse(k.recvOk(c, out), at(k, c) + ": closed and drained is not ok");
                    assertEquals(0L, out[0], at(k, c) + ": closed gives the zero value");
                    assertEquals(0L, k.recv(c), at(k, c) + ": recv() on closed");
                    assertEquals(0, k.tryRecv(c, out), at(k, c) + ": tryRecv sees the close");
                    assertEquals(0L, out[0], at(k, c));
                });
            }
        }
    }

    /** One holder reused: a close after a value resets value() to zero. */
    @Test
    @SuppressWarnings("golib") // buffered operations on the test thread: nothing blocks
    void holderIsReused() {
        IntChan c = IntChan.make(2);
        IntChan.Received r = new IntChan.Received();
        assertEquals("Received[value=0, ok=false]", r.toString());
        c.send(7);
        c.close();
        assertTrue(c.recv(r));
        assertEquals(7, r.value());
        assertTrue(r.ok());
        assertEquals("Received[value=7, ok=true]", r.toString());
        assertFalse(c.recv(r));
        assertEquals(0, r.value());
        assertFalse(r.ok());
        DoubleChan d = DoubleChan.make(1);
        DoubleChan.Received dr = new DoubleChan.Received();
        d.send(-0.0);
        assertTrue(d.tryRecv(dr));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(dr.value()));
        assertFalse(d.tryRecv(dr), "nothing ready");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(dr.value()),
                "a tryRecv with nothing ready leaves the holder as it was");
    }

    @Test
    void closeWakesReceivers() {
        for (Kind k : KINDS) {
            for (int cap = 0; cap <= N; cap++) {
                HChan c = k.make(cap);
                Chan<String> done = Chan.make();
                Go.run(() -> {
                    for (int i = 0; i < 3; i++) {
                        Go.go(() -> {
                            long[] out = {-1};
                            boolean ok = k.recvOk(c, out);
                            done.send(ok + " " + out[0]);
                        });
                    }
                    Go.sleep(Duration.ofMillis(1));
                    c.close();
                    for (int i = 0; i < 3; i++) {
                        assertEquals("false 0", done.recv(), at(k, c) + ": woken by close");
                    }
                });
            }
        }
    }

    @Test
    void closeMakesBlockedSendersThrow() {
        for (Kind k : KINDS) {
            for (int cap = 0; cap < 3; cap++) {
                HChan c = k.make(cap);
                Chan<String> outcome = Chan.make(1);
                Go.run(() -> {
                    for (int i = 0; i < c.cap(); i++) {
                        k.send(c, k.extremes[i]);
                    }
                    Go.go(() -> {
                        try {
                            k.send(c, 99);
                            outcome.send("sent");
                        } catch (ChanClosedException e) {
                            outcome.send(e.getMessage());
                        }
                    });
                    Go.sleep(Duration.ofMillis(2));
                    c.close();
                    assertEquals("send on closed channel", outcome.recv(), at(k, c));
                    long[] out = new long[1];
                    for (int i = 0; i < c.cap(); i++) {
                        assertTrue(k.recvOk(c, out), at(k, c) + ": buffered values survive");
                        assertEquals(k.extremes[i], out[0], at(k, c));
                    }
                });
            }
        }
    }

    @Test
    void closedChannelTexts() {
        for (Kind k : KINDS) {
            HChan c = k.make(1);
            c.close();
            assertTrue(c.isClosed());
            assertEquals("send on closed channel", assertThrows(ChanClosedException.class,
                    () -> Go.run(() -> k.send(c, 1))).getMessage(), k.name);
            assertEquals("send on closed channel", assertThrows(ChanClosedException.class,
                    () -> k.trySend(c, 1)).getMessage(), k.name);
            assertEquals("close of closed channel", assertThrows(ChanClosedException.class,
                    c::close).getMessage(), k.name);
        }
    }

    @Test
    @SuppressWarnings("golib") // buffered operations on the test thread: nothing blocks
    void makeLenCapToString() {
        assertThrows(IllegalArgumentException.class, () -> IntChan.make(-1));
        assertThrows(IllegalArgumentException.class, () -> LongChan.make(-1));
        assertThrows(IllegalArgumentException.class, () -> DoubleChan.make(-1));
        assertThrows(IllegalArgumentException.class, () -> IntChan.make(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> LongChan.make(Integer.MAX_VALUE));
        assertEquals(0, IntChan.make().cap());
        assertEquals(0, LongChan.make().cap());
        assertEquals(0, DoubleChan.make().cap());
        IntChan c = IntChan.make(3);
        c.send(1);
        assertEquals(1, c.len());
        assertEquals(3, c.cap());
        assertEquals("IntChan[len=1, cap=3]", c.toString());
        c.close();
        assertEquals("IntChan[len=1, cap=3, closed]", c.toString());
        assertEquals("LongChan[len=0, cap=0]", LongChan.make().toString());
        assertEquals("DoubleChan[len=0, cap=2]", DoubleChan.make(2).toString());
        assertThrows(NullPointerException.class, () -> c.tryRecv(null));
        // (IntChan.Received): in this package HChan.recv(Parker) is visible too
        assertThrows(NullPointerException.class,
                () -> Go.run(() -> c.recv((IntChan.Received) null)));
        assertEquals(1, c.len(), "a rejected holder must not consume a value");
    }

    @Test
    void trySendAndTryRecv() {
        for (Kind k : KINDS) {
            HChan u = k.make(0);
            assertFalse(k.trySend(u, 1), k + ": unbuffered with no receiver");
            HChan b = k.make(2);
            assertTrue(k.trySend(b, k.extremes[3]), k.name);
            assertTrue(k.trySend(b, k.extremes[4]), k.name);
            assertFalse(k.trySend(b, 5), k + ": full");
            long[] out = new long[1];
            assertEquals(1, k.tryRecv(b, out), k.name);
            assertEquals(k.extremes[3], out[0], k.name);
            assertEquals(1, k.tryRecv(b, out), k.name);
            assertEquals(k.extremes[4], out[0], k.name);
            assertEquals(-1, k.tryRecv(b, out), k + ": empty");
        }
    }

    // =========================================================================================
    // Plain threads
    // =========================================================================================

    @Test
    @SuppressWarnings("golib") // plain threads block on channels by design here
    void plainThreadsAndGoroutinesInteroperate() throws Exception {
        for (Kind k : KINDS) {
            for (int cap = 0; cap < 3; cap++) {
                // thread sends, goroutine receives
                HChan c = k.make(cap);
                Thread t = new Thread(() -> {
                    for (int i = 0; i < 1000; i++) {
                        k.send(c, k.extremes[i % k.extremes.length]);
                    }
                    c.close();
                });
                t.start();
                int n = Go.call(() -> {
                    long[] out = new long[1];
                    int i = 0;
                    while (k.recvOk(c, out)) {
                        assertEquals(k.extremes[i % k.extremes.length], out[0], at(k, c));
                        i++;
                    }
                    return i;
                });
                t.join();
                assertEquals(1000, n, at(k, c));

                // goroutine sends, thread receives; then two threads alone
                HChan d = k.make(cap);
                AtomicInteger got = new AtomicInteger();
                Thread r = new Thread(() -> {
                    long[] out = new long[1];
                    while (k.recvOk(d, out)) {
                        if (out[0] == k.extremes[got.get() % k.extremes.length]) {
                            got.incrementAndGet();
                        }
                    }
                });
                r.start();
                Go.run(() -> {
                    for (int i = 0; i < 1000; i++) {
                        k.send(d, k.extremes[i % k.extremes.length]);
                    }
                });
                for (int i = 0; i < 100; i++) {
                    k.send(d, k.extremes[(1000 + i) % k.extremes.length]); // this plain thread
                }
                d.close();
                r.join();
                assertEquals(1100, got.get(), at(k, d) + ": values in order");
            }
        }
    }

    // =========================================================================================
    // Select
    // =========================================================================================

    /** A select over an IntChan and a Chan, fed concurrently; handlers see every value once. */
    @Test
    void selectOverIntChanAndChan() {
        for (int cap = 0; cap <= N; cap++) {
            IntChan ints = IntChan.make(cap);
            Chan<String> strs = Chan.make(cap);
            int n = 200;
            Go.run(() -> {
                Go.go(() -> {
                    for (int i = 0; i < n; i++) {
                        ints.send(Integer.MIN_VALUE + i);
                        strs.send("s" + i);
                    }
                    ints.close();
                });
                long[] intSum = {0};
                int[] intCount = {0};
                int[] strCount = {0};
                boolean[] closed = {false};
                SelectCase[] cases = {
                    recv(ints, (v, ok) -> {
                        if (ok) {
                            assertEquals(Integer.MIN_VALUE + intCount[0], v, "ints in order");
                            intSum[0] += v;
                            intCount[0]++;
                            Go.gosched(); // a handler may park
                        } else {
                            assertEquals(0, v, "closed gives zero");
                            closed[0] = true;
                        }
                    }),
                    recv(strs, v -> {
                        assertEquals("s" + strCount[0], v);
                        strCount[0]++;
                    })};
                while (!closed[0] || strCount[0] < n) {
                    if (closed[0]) {
                        cases[0] = recv((IntChan) null); // Go's idiom: nil out a closed case
                    }
                    select(cases);
                }
                assertEquals(n, intCount[0], "chan[" + ints.cap() + "]");
                assertEquals(n, strCount[0], "chan[" + ints.cap() + "]");
            });
        }
    }

    /** Every kind's receive case, including a close, and its value bit for bit. */
    @Test
    void selectRecvCaseEachKind() {
        for (Kind k : KINDS) {
            for (int cap = 0; cap < 3; cap++) {
                HChan c = k.make(cap);
                Go.run(() -> {
                    Go.go(() -> {
                        for (long bits : k.extremes) {
                            k.send(c, bits);
                        }
                        c.close();
                    });
                    long[] bits = new long[1];
                    boolean[] ok = new boolean[1];
                    Chan<Integer> never = Chan.make();
                    SelectCase[] cases = {recv(never), k.recvCase(c, bits, ok)};
                    for (long want : k.extremes) {
                        assertEquals(1, select(cases), at(k, c));
                        assertTrue(ok[0], at(k, c));
                        assertEquals(want, bits[0], at(k, c));
                    }
                    bits[0] = -1;
                    assertEquals(1, select(cases), at(k, c));
                    assertFalse(ok[0], at(k, c) + ": closed");
                    assertEquals(0L, bits[0], at(k, c) + ": closed gives zero");
                });
            }
        }
    }

    /** A send case sends its value only if it wins, bit for bit, then runs its handler. */
    @Test
    void selectSendCaseEachKind() {
        for (Kind k : KINDS) {
            HChan c = k.make(0);
            Go.run(() -> {
                Chan<Integer> in = Chan.make();
                Go.go(() -> in.send(1));
                boolean[] sent = {false};
                assertEquals(1, select(k.sendCase(c, k.extremes[3], () -> sent[0] = true),
                        recv(in)), k.name);
                assertFalse(sent[0], k + ": the losing send case ran");
                long[] out = new long[1];
                assertEquals(-1, k.tryRecv(c, out), k + ": the losing send case sent");
                for (long want : k.extremes) {
                    Chan<Long> got = Chan.make(1);
                    Go.go(() -> got.send(k.recv(c)));
                    assertEquals(0, select(k.sendCase(c, want, () -> sent[0] = true), recv(in)));
                    assertTrue(sent[0], k.name);
                    assertEquals(want, got.recv(), k.name);
                    sent[0] = false;
                }
                c.close();
                try { // not assertThrows: its Executable is not a golib interface
                    select(k.sendCase(c, 1, () -> { }), otherwise());
                    fail(k + ": a send case on a closed channel must throw");
                } catch (ChanClosedException e) {
                    assertEquals("send on closed channel", e.getMessage(), k.name);
                }
            });
        }
    }

    /** Go's nil channel: a case on a null IntChan (or any primitive channel) is never ready. */
    @Test
    void nullPrimitiveChannelIsNeverReady() {
        Go.run(() -> {
            IntChan nilInt = null;
            LongChan nilLong = null;
            DoubleChan nilDouble = null;
            IntChan ready = IntChan.make(1);
            for (int i = 0; i < 100; i++) {
                ready.send(i);
                int chosen = select(recv(nilInt, (v, ok) -> fail("nil recv ran")),
                        send(nilInt, 1), recv(nilLong), send(nilDouble, 1.0, () -> {
                            fail("nil send ran");
                        }), recv(ready));
                assertEquals(4, chosen);
            }
            assertEquals(1, select(recv(nilInt), otherwise()));
            assertEquals(1, select(send((IntChan) null, 5), otherwise()));
        });
    }

    @Test
    void selectFactoriesRejectNullHandlers() {
        IntChan c = IntChan.make();
        assertThrows(NullPointerException.class, () -> recv(c, null));
        assertThrows(NullPointerException.class, () -> send(c, 1, null));
        assertThrows(NullPointerException.class, () -> recv(DoubleChan.make(),
                (DoubleRecvHandler) null));
    }

    /** Overloads next to Chan's: lambdas, Select-qualified and static-imported calls. */
    @Test
    void overloadsResolveWithLambdas() {
        Go.run(() -> {
            IntChan ic = IntChan.make(1);
            LongChan lc = LongChan.make(1);
            Chan<Integer> rc = Chan.make(1);
            AtomicReference<String> ran = new AtomicReference<>();
            ic.send(1);
            Select.select(Select.recv(ic, (v, ok) -> ran.set("int " + v + " " + ok)));
            assertEquals("int 1 true", ran.get());
            ic.send(2);
            select(recv(ic));
            assertEquals(0, ic.len(), "recv(ch) drops the value");
            lc.send(3);
            select(recv(lc, (v, ok) -> ran.set("long " + v)));
            assertEquals("long 3", ran.get());
            rc.send(4);
            select(recv(rc, v -> ran.set("ref " + v)));
            assertEquals("ref 4", ran.get());
            select(send(lc, 5)); // an int literal widens to long
            assertEquals(5L, lc.recv());
            select(send(rc, 6, () -> ran.set("ref sent")));
            assertEquals("ref sent", ran.get());
        });
    }

    // =========================================================================================
    // The generated code is rewritten
    // =========================================================================================

    /**
     * A goroutine parked in IntChan.recv and one parked inside an IntRecvHandler lambda show
     * their frames in their logical stacks: the frames unwound to the heap, so the agent rewrote
     * the generated select case and the handler lambda (an unrewritten frame would pin its
     * carrier and leave no such frame). IntChan.recv itself is a blocking primitive that parks in
     * its caller's frame: the first goroutine's innermost frame is its own lambda, with no
     * IntChan.recv frame above it.
     */
    @Test
    void generatedMethodsParkByUnwinding() {
        Go.run(() -> {
            IntChan c = IntChan.make();
            IntChan trigger = IntChan.make(1);
            IntChan inHandler = IntChan.make();
            Go.go(() -> c.recv());
            trigger.send(1);
            Go.go(() -> select(recv(trigger, (v, ok) -> inHandler.recv())));
            String dump = "";
            String parkedInLambda = "[chan receive]:\n\tio.golib.chan.PrimitiveChanTest"
                    + ".lambda$generatedMethodsParkByUnwinding$";
            for (int i = 0; i < 1000 && !(dump.contains(parkedInLambda)
                    && dump.contains("IntRecvCase.run")); i++) {
                Go.sleep(Duration.ofMillis(1));
                dump = Go.dumpGoroutines();
            }
            assertTrue(dump.contains(parkedInLambda), dump);
            assertFalse(dump.contains("IntChan.recv"), dump);
            assertTrue(dump.contains("io.golib.chan.PrimitiveSelectCases$IntRecvCase.run"), dump);
            c.send(1);
            inHandler.send(2);
        });
    }

    /**
     * Go's {@code for v := range ch} over the primitive channels: every value in order, zeros
     * included (a zero is not the end), the loop ends at close; the goroutine parks in the loop
     * (unbuffered: every hasNext waits), it does not pin its carrier. From a plain thread too.
     */
    @Test
    void rangeOverPrimitiveChannels() {
        long pinnedBefore = io.golib.runtime.sched.Sched.get().pinnedParks();
        List<Object> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        Go.run(() -> {
            IntChan ints = IntChan.make();
            LongChan longs = LongChan.make(2);
            DoubleChan doubles = DoubleChan.make();
            Go.go(() -> {
                for (int i = -1; i <= 1; i++) {
                    ints.send(i);
                }
                ints.close();
                longs.send(0L);
                longs.send(Long.MAX_VALUE);
                longs.close();
                doubles.send(-0.0);
                doubles.send(Double.NaN);
                doubles.close();
            });
            for (int v : ints) {
                got.add(v);
            }
            for (long v : longs) {
                got.add(v);
            }
            for (double v : doubles) {
                got.add(v);
            }
        });
        assertEquals(List.of(-1, 0, 1, 0L, Long.MAX_VALUE, -0.0, Double.NaN), got);
        assertEquals(pinnedBefore, io.golib.runtime.sched.Sched.get().pinnedParks(),
                "for (int v : ch) must park the goroutine, not pin its carrier");

        IntChan fromThread = IntChan.make();
        Go.go(() -> {
            fromThread.send(7);
            fromThread.send(0);
            fromThread.close();
        });
        int sum = 0;
        int n = 0;
        for (java.util.PrimitiveIterator.OfInt it = fromThread.iterator(); it.hasNext(); n++) {
            sum += it.nextInt();
        }
        assertEquals(2, n);
        assertEquals(7, sum);
        assertThrows(java.util.NoSuchElementException.class, () -> fromThread.iterator().nextInt());
    }
}
