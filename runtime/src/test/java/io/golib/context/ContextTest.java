package io.golib.context;

import static io.golib.chan.Select.otherwise;
import static io.golib.chan.Select.recv;
import static io.golib.chan.Select.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.Goroutine;
import io.golib.chan.Chan;
import io.golib.chan.RecvChan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Contexts, after Go's context/context_test.go (XTestBackground ... XTestCustomContextGoroutines)
 * plus golib's own: the cancellation tree leaves no children behind, deadlines are clamped,
 * workers in goroutines stop on cancel, try-with-resources cancels, plain threads work. Timing
 * is never asserted as an upper bound; a hang is caught by the test timeout.
 */
@Timeout(120)
class ContextTest {
    private static final Duration SHORT = Duration.ofMillis(1);
    private static final Duration VERY_LONG = Duration.ofHours(1000);

    /** Go's otherContext: a Context that is not one of golib's types; delegates everything. */
    static class OtherContext implements Context {
        final Context c;

        OtherContext(Context c) {
            this.c = c;
        }

        @Override
        public RecvChan<?> done() {
            return c.done();
        }

        @Override
        public ContextError err() {
            return c.err();
        }

        @Override
        public Optional<Instant> deadline() {
            return c.deadline();
        }

        @Override
        public <V> V value(Key<V> key) {
            return c.value(key);
        }

        @Override
        public String toString() {
            return "OtherContext(" + c + ")";
        }
    }

    /** Go's myDoneCtx: a wrapper with its own done channel (never closed). */
    static final class MyDoneCtx extends OtherContext {
        private final Chan<Object> done = Chan.make();

        MyDoneCtx(Context c) {
            super(c);
        }

        @Override
        public RecvChan<?> done() {
            return done;
        }
    }

    private static boolean ready(RecvChan<?> c) {
        return c.isClosed() || c.len() > 0;
    }

    private static void assertBlocks(Context c, String name) {
        assertFalse(ready(c.done()), "<-" + name + ".done() should block");
        assertNull(c.err(), name + ".err()");
        assertFalse(c.isDone(), name + ".isDone()");
    }

    private static void assertDone(Context c, String name, ContextError want) {
        assertTrue(c.done().isClosed(), "<-" + name + ".done() blocked, but shouldn't have");
        assertNull(c.done().tryRecv(), name + ".done() carried a value");
        assertSame(want, c.err(), name + ".err()");
        assertTrue(c.isDone(), name + ".isDone()");
    }

    // ---------------------------------------------------------------------------------------
    // Roots

    /** Go's XTestBackground and XTestTODO. */
    @Test
    void backgroundAndTodo() {
        for (Context c : List.of(Context.background(), Context.todo())) {
            assertNotNull(c);
            assertBlocks(c, c.toString());
            assertSame(c.done(), c.done(), "done() is the same channel each time");
            assertEquals(Optional.empty(), c.deadline());
            assertNull(c.value(Context.key("k")));
        }
        assertEquals("context.Background", Context.background().toString());
        assertEquals("context.TODO", Context.todo().toString());
        assertSame(Context.background(), Context.background());
    }

    /** background().done() never closes: a select on it with a timeout takes the timeout. */
    @Test
    void backgroundDoneNeverReady() {
        Go.run(() -> {
            RecvChan<Instant> timeout = io.golib.time.Time.after(Duration.ofMillis(20));
            assertEquals(1, select(recv(Context.background().done()), recv(timeout)));
        });
    }

    // ---------------------------------------------------------------------------------------
    // WithCancel

    /** Go's XTestWithCancel: cancel propagates synchronously, through a foreign wrapper too. */
    @Test
    void withCancel() {
        int g = CancelCtx.GOROUTINES.get();
        CancelContext c1 = Context.withCancel(Context.background());
        assertEquals("context.Background.WithCancel", c1.toString());
        Context o = new OtherContext(c1);
        CancelContext c2 = Context.withCancel(o);
        List<Context> contexts = List.of(c1, o, c2);
        for (int i = 0; i < contexts.size(); i++) {
            assertNotNull(contexts.get(i).done());
            assertBlocks(contexts.get(i), "c[" + i + "]");
        }
        assertEquals(g, CancelCtx.GOROUTINES.get(), "a delegating wrapper needs no goroutine");
        c1.cancel(); // should propagate synchronously
        for (int i = 0; i < contexts.size(); i++) {
            assertDone(contexts.get(i), "c[" + i + "]", ContextError.CANCELED);
        }
        c1.cancel(); // idempotent
        c2.cancel();
        assertSame(ContextError.CANCELED, c2.err());
    }

    /** Go's XTestParentFinishesChild. */
    @Test
    void parentFinishesChild() {
        // parent -> cancelChild; parent -> valueChild -> timerChild
        CancelContext parent = Context.withCancel(Context.background());
        CancelContext cancelChild = Context.withCancel(parent);
        Context.Key<String> key = Context.key("key");
        Context valueChild = Context.withValue(parent, key, "value");
        CancelContext timerChild = Context.withTimeout(valueChild, VERY_LONG);
        assertBlocks(parent, "parent");
        assertBlocks(cancelChild, "cancelChild");
        assertBlocks(valueChild, "valueChild");
        assertBlocks(timerChild, "timerChild");

        // The parent's children should contain the two cancellable children.
        CancelCtx pc = (CancelCtx) parent;
        CancelCtx cc = (CancelCtx) cancelChild;
        TimerCtx tc = assertInstanceOf(TimerCtx.class, timerChild);
        assertEquals(2, pc.childCount(), "bad linkage");
        assertTrue(pc.hasChild(cc) && pc.hasChild(tc), "bad linkage");
        assertSame(pc, CancelCtx.parentCancelCtx(cc.parent), "parentCancelCtx(cancelChild)");
        assertSame(pc, CancelCtx.parentCancelCtx(tc.parent), "parentCancelCtx(timerChild)");

        parent.cancel();
        assertEquals(0, pc.childCount(), "pc.cancel didn't clear pc.children");
        assertDone(parent, "parent", ContextError.CANCELED);
        assertDone(cancelChild, "cancelChild", ContextError.CANCELED);
        assertDone(valueChild, "valueChild", ContextError.CANCELED);
        assertDone(timerChild, "timerChild", ContextError.CANCELED);
        assertFalse(tc.hasTimer(), "the parent's cancel left the child's timer armed");

        // WithValue of a cancelled parent is cancelled.
        Context precanceledChild = Context.withValue(parent, key, "value");
        assertDone(precanceledChild, "precanceledChild", ContextError.CANCELED);
    }

    /** Go's XTestChildFinishesFirst. */
    @Test
    void childFinishesFirst() {
        CancelContext cancelable = Context.withCancel(Context.background());
        for (Context parent : List.of(Context.background(), cancelable)) {
            CancelContext child = Context.withCancel(parent);
            assertBlocks(parent, "parent");
            assertBlocks(child, "child");
            CancelCtx cc = (CancelCtx) child;
            boolean pcok = parent instanceof CancelCtx;
            assertSame(pcok ? parent : null, CancelCtx.parentCancelCtx(cc.parent), "bad linkage");
            if (pcok) {
                assertEquals(1, ((CancelCtx) parent).childCount());
                assertTrue(((CancelCtx) parent).hasChild(cc));
            }
            child.cancel();
            if (pcok) {
                assertEquals(0, ((CancelCtx) parent).childCount(),
                        "child's cancel didn't remove self from pc.children");
            }
            assertDone(child, "child", ContextError.CANCELED);
            assertBlocks(parent, "parent");
        }
        cancelable.cancel();
    }

    /** Go's XTestCancelRemoves. */
    @Test
    void cancelRemoves() {
        CancelContext ctx = Context.withCancel(Context.background());
        assertEquals(0, ((CancelCtx) ctx).childCount(), "after creation");
        CancelContext child = Context.withCancel(ctx);
        assertEquals(1, ((CancelCtx) ctx).childCount(), "with WithCancel child");
        child.cancel();
        assertEquals(0, ((CancelCtx) ctx).childCount(), "after canceling WithCancel child");

        ctx = Context.withCancel(Context.background());
        child = Context.withTimeout(ctx, Duration.ofMinutes(60));
        assertEquals(1, ((CancelCtx) ctx).childCount(), "with WithTimeout child");
        child.cancel();
        assertEquals(0, ((CancelCtx) ctx).childCount(), "after canceling WithTimeout child");
        assertFalse(((TimerCtx) child).hasTimer(), "cancel did not stop the timer");
    }

    /** No leak at scale: many children, through value contexts, all unregister. */
    @Test
    void cancelledChildrenLeaveNothingBehind() {
        CancelContext root = Context.withCancel(Context.background());
        Context through = Context.withValue(root, Context.key("v"), 1);
        List<CancelContext> kids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            kids.add(i % 2 == 0 ? Context.withCancel(through)
                    : Context.withTimeout(through, VERY_LONG));
        }
        assertEquals(1_000, ((CancelCtx) root).childCount());
        Collections.shuffle(kids, new Random(1));
        for (CancelContext k : kids) {
            k.cancel();
        }
        assertEquals(0, ((CancelCtx) root).childCount(), "cancelled children still registered");
        assertBlocks(root, "root");
        root.cancel();
    }

    /** Go's XTestWithCancelCanceledParent, for both errors: born done with the parent's err. */
    @Test
    void childOfDoneParentIsBornDone() {
        CancelContext parent = Context.withCancel(Context.background());
        parent.cancel();
        CancelContext c = Context.withCancel(parent);
        assertDone(c, "child", ContextError.CANCELED);
        assertDone(Context.withTimeout(parent, VERY_LONG), "timer child",
                ContextError.CANCELED);

        CancelContext expired = Context.withDeadline(Context.background(),
                Instant.now().minusSeconds(1));
        assertDone(expired, "expired", ContextError.DEADLINE_EXCEEDED);
        assertDone(Context.withCancel(expired), "child of expired",
                ContextError.DEADLINE_EXCEEDED);
        assertDone(Context.withValue(expired, Context.key("k"), "v"), "value child of expired",
                ContextError.DEADLINE_EXCEEDED);
        assertEquals(0, ((CancelCtx) parent).childCount());
        assertEquals(0, ((CancelCtx) expired).childCount());
    }

    // ---------------------------------------------------------------------------------------
    // Deadlines

    @Goroutine
    private static void awaitDeadline(Context c, String name) {
        assertNull(c.done().recv(), name + ": done() carried a value");
        assertSame(ContextError.DEADLINE_EXCEEDED, c.err(), name + ": err()");
    }

    /** Go's XTestDeadline. */
    @Test
    void deadline() {
        Go.run(() -> {
            CancelContext c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
            assertTrue(c.toString().startsWith("context.Background.WithDeadline("), c.toString());
            awaitDeadline(c, "WithDeadline");

            c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
            awaitDeadline(new OtherContext(c), "WithDeadline+otherContext");

            c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
            c = Context.withDeadline(new OtherContext(c), Instant.now().plus(VERY_LONG));
            awaitDeadline(c, "WithDeadline+otherContext+WithDeadline");

            c = Context.withDeadline(Context.background(), Instant.now().minus(SHORT));
            awaitDeadline(c, "WithDeadline+inthepast");

            c = Context.withDeadline(Context.background(), Instant.now());
            awaitDeadline(c, "WithDeadline+now");
        });
    }

    /** Go's XTestTimeout. */
    @Test
    void timeout() {
        Go.run(() -> {
            CancelContext c = Context.withTimeout(Context.background(), SHORT);
            assertTrue(c.toString().startsWith("context.Background.WithDeadline("), c.toString());
            awaitDeadline(c, "WithTimeout");

            c = Context.withTimeout(Context.background(), SHORT);
            awaitDeadline(new OtherContext(c), "WithTimeout+otherContext");

            c = Context.withTimeout(Context.background(), SHORT);
            c = Context.withTimeout(new OtherContext(c), VERY_LONG);
            awaitDeadline(c, "WithTimeout+otherContext+WithTimeout");
        });
    }

    /** The deadline never fires early: done closes no sooner than the timeout. */
    @Test
    void timeoutNeverEarly() {
        Go.run(() -> {
            long t0 = System.nanoTime();
            CancelContext c = Context.withTimeout(Context.background(), Duration.ofMillis(30));
            c.done().recv();
            long took = System.nanoTime() - t0;
            assertTrue(took >= 30_000_000L, "timed out after only " + took + " ns");
            assertSame(ContextError.DEADLINE_EXCEEDED, c.err());
            // done closes before the cancelling goroutine drops the timer (Go's order): wait.
            while (((TimerCtx) c).hasTimer()) {
                Go.gosched();
            }
        });
    }

    /** Go's XTestCanceledTimeout. */
    @Test
    void canceledTimeout() {
        CancelContext c = Context.withTimeout(Context.background(), Duration.ofSeconds(1));
        Context o = new OtherContext(c);
        CancelContext c2 = Context.withTimeout(o, VERY_LONG);
        c2.cancel(); // should propagate synchronously
        assertDone(c2, "c", ContextError.CANCELED);
        assertBlocks(c, "parent");
        c.cancel();
    }

    /** A later deadline than the parent's is the parent's: withCancel, deadline() reports it. */
    @Test
    void childDeadlineIsClampedToParents() {
        Instant soon = Instant.now().plusMillis(30);
        CancelContext parent = Context.withDeadline(Context.background(), soon);
        CancelContext later = Context.withDeadline(parent, soon.plusSeconds(3600));
        assertFalse(later instanceof TimerCtx, "a later deadline armed its own timer");
        assertEquals(Optional.of(soon), later.deadline());
        assertTrue(later.toString().endsWith(".WithCancel"), later.toString());
        Instant sooner = soon.minusMillis(10);
        CancelContext earlier = Context.withDeadline(parent, sooner);
        assertEquals(Optional.of(sooner), earlier.deadline(), "an earlier deadline is kept");
        CancelContext viaTimeout = Context.withTimeout(Context.withValue(parent,
                Context.key("k"), 1), VERY_LONG);
        assertEquals(Optional.of(soon), viaTimeout.deadline());
        Go.run(() -> {
            later.done().recv();
            viaTimeout.done().recv();
            earlier.done().recv();
        });
        assertSame(ContextError.DEADLINE_EXCEEDED, parent.err());
        assertSame(ContextError.DEADLINE_EXCEEDED, later.err(), "inherits the parent's err");
        assertSame(ContextError.DEADLINE_EXCEEDED, viaTimeout.err());
        assertSame(ContextError.DEADLINE_EXCEEDED, earlier.err());
        assertEquals(0, ((CancelCtx) parent).childCount());
    }

    /** Cancel stops the deadline timer: after the deadline passes, err stays CANCELED. */
    @Test
    void cancelStopsTheDeadlineTimer() {
        Go.run(() -> {
            CancelContext c = Context.withTimeout(Context.background(), Duration.ofMillis(20));
            assertTrue(((TimerCtx) c).hasTimer());
            c.cancel();
            assertFalse(((TimerCtx) c).hasTimer());
            Go.sleep(Duration.ofMillis(40));
            assertSame(ContextError.CANCELED, c.err());
        });
    }

    /** Go's XTestDeadlineExceededSupportsTimeout, and the texts. */
    @Test
    void errors() {
        assertTrue(ContextError.DEADLINE_EXCEEDED.isTimeout());
        assertFalse(ContextError.CANCELED.isTimeout());
        assertEquals("context canceled", ContextError.CANCELED.message());
        assertEquals("context deadline exceeded", ContextError.DEADLINE_EXCEEDED.message());
        assertEquals("context canceled", ContextError.CANCELED.toString());
    }

    /** Huge timeouts saturate: never (or at once), no exception. */
    @Test
    void extremeTimeouts() {
        CancelContext never = Context.withTimeout(Context.background(),
                Duration.ofSeconds(Long.MAX_VALUE));
        assertBlocks(never, "never");
        assertEquals(Optional.of(Instant.MAX), never.deadline());
        never.cancel();
        CancelContext past = Context.withTimeout(Context.background(),
                Duration.ofSeconds(Long.MIN_VALUE));
        assertDone(past, "past", ContextError.DEADLINE_EXCEEDED);
    }

    // ---------------------------------------------------------------------------------------
    // Values

    /** Go's XTestValues: keys compare by identity; nearer values hide farther ones. */
    @Test
    void values() {
        Context.Key<String> k1 = Context.key("k1");
        Context.Key<String> k2 = Context.key("k1"); // same name, different key
        Context.Key<String> k3 = Context.key("k3");
        class Check {
            void check(Context c, String nm, String v1, String v2, String v3) {
                assertEquals(v1, c.value(k1), nm + ".value(k1)");
                assertEquals(v2, c.value(k2), nm + ".value(k2)");
                assertEquals(v3, c.value(k3), nm + ".value(k3)");
            }
        }
        Check ck = new Check();
        Context c0 = Context.background();
        ck.check(c0, "c0", null, null, null);
        Context c1 = Context.withValue(Context.background(), k1, "c1k1");
        ck.check(c1, "c1", "c1k1", null, null);
        assertEquals("context.Background.WithValue(k1, c1k1)", c1.toString());
        Context c2 = Context.withValue(c1, k2, "c2k2");
        ck.check(c2, "c2", "c1k1", "c2k2", null);
        Context c3 = Context.withValue(c2, k3, "c3k3");
        ck.check(c3, "c3", "c1k1", "c2k2", "c3k3");
        Context c4 = Context.withValue(c3, k1, null);
        ck.check(c4, "c4", null, "c2k2", "c3k3");
        assertEquals("context.Background.WithValue(k1, c1k1).WithValue(k1, c2k2)"
                + ".WithValue(k3, c3k3).WithValue(k1, <nil>)", c4.toString());

        Context o0 = new OtherContext(Context.background());
        ck.check(o0, "o0", null, null, null);
        Context o1 = new OtherContext(Context.withValue(Context.background(), k1, "c1k1"));
        ck.check(o1, "o1", "c1k1", null, null);
        Context o2 = Context.withValue(o1, k2, "o2k2");
        ck.check(o2, "o2", "c1k1", "o2k2", null);
        Context o3 = new OtherContext(c4);
        ck.check(o3, "o3", null, "c2k2", "c3k3");
        Context o4 = Context.withValue(o3, k3, null);
        ck.check(o4, "o4", null, "c2k2", null);

        // Through cancellable layers.
        CancelContext cc = Context.withTimeout(Context.withCancel(c3), VERY_LONG);
        ck.check(cc, "cc", "c1k1", "c2k2", "c3k3");
        assertEquals("k1", k1.name());
        cc.cancel();
    }

    /** Go's XTestWithValueChecksKey and XTestInvalidDerivedFail: NullPointerException. */
    @Test
    void nullArgumentsAreRejected() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Context.withValue(Context.background(), null, "bar"));
        assertEquals("nil key", e.getMessage());
        String nilParent = "cannot create context from nil parent";
        e = assertThrows(NullPointerException.class, () -> Context.withCancel(null));
        assertEquals(nilParent, e.getMessage());
        e = assertThrows(NullPointerException.class,
                () -> Context.withDeadline(null, Instant.now()));
        assertEquals(nilParent, e.getMessage());
        e = assertThrows(NullPointerException.class, () -> Context.withTimeout(null, SHORT));
        assertEquals(nilParent, e.getMessage());
        e = assertThrows(NullPointerException.class,
                () -> Context.withValue(null, Context.key("foo"), "bar"));
        assertEquals(nilParent, e.getMessage());
        e = assertThrows(NullPointerException.class,
                () -> Context.withDeadline(Context.background(), null));
        assertEquals("withDeadline: the deadline is null", e.getMessage());
        e = assertThrows(NullPointerException.class,
                () -> Context.withTimeout(Context.background(), null));
        assertEquals("withTimeout: the timeout is null", e.getMessage());
        assertThrows(NullPointerException.class, () -> Context.key(null));
    }

    // ---------------------------------------------------------------------------------------
    // Concurrency

    /** Go's XTestSimultaneousCancels: a tree of 100+ contexts cancelled in random order. */
    @Test
    void simultaneousCancels() {
        Go.run(() -> {
            CancelContext root = Context.withCancel(Context.background());
            List<CancelContext> all = new ArrayList<>();
            all.add(root);
            Deque<CancelContext> q = new ArrayDeque<>(all);
            while (!q.isEmpty() && all.size() < 100) {
                CancelContext parent = q.poll();
                for (int i = 0; i < 4; i++) {
                    CancelContext ctx = Context.withCancel(parent);
                    all.add(ctx);
                    q.add(ctx);
                }
            }
            Collections.shuffle(all);
            Chan<Boolean> cancelled = Chan.make(all.size());
            for (CancelContext c : all) {
                Go.go(() -> {
                    c.cancel();
                    cancelled.send(true);
                });
            }
            Collections.shuffle(all);
            for (CancelContext c : all) {
                assertNull(c.done().recv());
                assertSame(ContextError.CANCELED, c.err());
            }
            for (int i = 0; i < all.size(); i++) {
                cancelled.recv();
            }
            for (CancelContext c : all) {
                assertEquals(0, ((CancelCtx) c).childCount(), "children left after cancel");
            }
        });
    }

    /** Go's XTestInterlockedCancels: a child cancelled from a goroutine woken by its parent. */
    @Test
    void interlockedCancels() {
        Go.run(() -> {
            CancelContext parent = Context.withCancel(Context.background());
            CancelContext child = Context.withCancel(parent);
            Go.go(() -> {
                parent.done().recv();
                child.cancel();
            });
            parent.cancel();
            child.done().recv();
            assertSame(ContextError.CANCELED, child.err());
        });
    }

    /** Go's XTestLayersCancel and XTestLayersTimeout: random layers of the three kinds. */
    @Test
    void layersCancel() {
        layers(System.nanoTime(), false);
    }

    @Test
    void layersTimeout() {
        layers(System.nanoTime(), true);
    }

    private static void layers(long seed, boolean testTimeout) {
        Random r = new Random(seed);
        List<Context.Key<Object>> vals = new ArrayList<>();
        List<CancelContext> cancels = new ArrayList<>();
        int numTimers = 0;
        Context ctx = Context.background();
        for (int i = 0; i < 30 || numTimers == 0 || cancels.isEmpty() || vals.isEmpty(); i++) {
            switch (r.nextInt(3)) {
                case 0:
                    Context.Key<Object> k = Context.key("v" + i);
                    ctx = Context.withValue(ctx, k, k);
                    vals.add(k);
                    break;
                case 1:
                    CancelContext cc = Context.withCancel(ctx);
                    ctx = cc;
                    cancels.add(cc);
                    break;
                default:
                    CancelContext tc = Context.withTimeout(ctx, testTimeout ? SHORT : VERY_LONG);
                    ctx = tc;
                    cancels.add(tc);
                    numTimers++;
                    break;
            }
        }
        Context top = ctx;
        String where = "seed=" + seed + ": ";
        if (!testTimeout) {
            assertBlocks(top, where + "ctx");
        }
        assertTrue(top.toString().startsWith("context.Background."), where + top);
        for (Context.Key<Object> k : vals) {
            assertSame(k, top.value(k), where + "before cancel: value(" + k + ")");
        }
        if (testTimeout) {
            Go.run(() -> top.done().recv());
            assertSame(ContextError.DEADLINE_EXCEEDED, top.err(), where + "err");
        } else {
            cancels.get(r.nextInt(cancels.size())).cancel();
            assertDone(top, where + "ctx", ContextError.CANCELED);
        }
        for (Context.Key<Object> k : vals) {
            assertSame(k, top.value(k), where + "after cancel: value(" + k + ")");
        }
        for (CancelContext c : cancels) {
            c.cancel();
        }
    }

    /**
     * Children created while their parent is being cancelled: every one ends cancelled (born so,
     * or by the parent's cancel), and the parent keeps none of them.
     */
    @Test
    void childrenRacingWithParentCancel() {
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        Go.run(() -> {
            for (int round = 0; round < 50; round++) {
                CancelContext parent = Context.withCancel(Context.background());
                Chan<CancelContext> made = Chan.make(400);
                Chan<Boolean> finished = Chan.make(4);
                for (int w = 0; w < 4; w++) {
                    int kind = w;
                    Go.go(() -> {
                        for (int i = 0; i < 100; i++) {
                            made.send(kind % 2 == 0 ? Context.withCancel(parent)
                                    : Context.withTimeout(parent, VERY_LONG));
                            if (i % 10 == 0) {
                                Go.gosched();
                            }
                        }
                        finished.send(true);
                    });
                }
                Go.gosched();
                parent.cancel();
                for (int w = 0; w < 4; w++) {
                    finished.recv();
                }
                for (int i = 0; i < 400; i++) {
                    CancelContext c = made.recv();
                    if (c.err() != ContextError.CANCELED || !c.done().isClosed()) {
                        errors.add("round " + round + ": a child missed its parent's cancel");
                    }
                    if (c instanceof TimerCtx && ((TimerCtx) c).hasTimer()) {
                        errors.add("round " + round + ": a cancelled child kept its timer");
                    }
                }
                if (((CancelCtx) parent).childCount() != 0) {
                    errors.add("round " + round + ": the cancelled parent keeps children");
                }
            }
        });
        assertTrue(errors.isEmpty(), () -> String.join("\n", errors));
    }

    /** Workers in goroutines select on ctx.done() and stop when it is cancelled. */
    @Test
    void workersStopOnCancel() {
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        Go.run(() -> {
            CancelContext ctx = Context.withCancel(Context.background());
            Chan<Integer> jobs = Chan.make();
            Chan<Integer> stopped = Chan.make(8);
            AtomicInteger handled = new AtomicInteger();
            for (int w = 0; w < 8; w++) {
                int id = w;
                Go.go(() -> {
                    for (;;) {
                        int chosen = select(recv(ctx.done()),
                                recv(jobs, j -> handled.incrementAndGet()));
                        if (chosen == 0) {
                            if (ctx.err() != ContextError.CANCELED) {
                                errors.add("worker " + id + ": err " + ctx.err());
                            }
                            stopped.send(id);
                            return;
                        }
                    }
                });
            }
            for (int i = 0; i < 100; i++) {
                jobs.send(i);
            }
            ctx.cancel();
            int sum = 0;
            for (int w = 0; w < 8; w++) {
                sum += stopped.recv();
            }
            assertEquals(28, sum, "every worker stopped once");
            assertEquals(100, handled.get());
            // A worker loop with a default case: polls isDone.
            CancelContext ctx2 = Context.withTimeout(Context.background(),
                    Duration.ofMillis(10));
            while (select(recv(ctx2.done()), otherwise()) != 0) {
                Go.gosched();
            }
            assertSame(ContextError.DEADLINE_EXCEEDED, ctx2.err());
        });
        assertTrue(errors.isEmpty(), () -> String.join("\n", errors));
    }

    /** try-with-resources cancels (Go's defer cancel()), and the parent forgets the child. */
    @Test
    void tryWithResourcesCancels() {
        CancelContext parent = Context.withCancel(Context.background());
        CancelContext seen;
        try (CancelContext ctx = Context.withTimeout(parent, VERY_LONG)) {
            seen = ctx;
            assertBlocks(ctx, "ctx");
            assertEquals(1, ((CancelCtx) parent).childCount());
        }
        assertDone(seen, "ctx", ContextError.CANCELED);
        assertFalse(((TimerCtx) seen).hasTimer(), "close did not stop the timer");
        assertEquals(0, ((CancelCtx) parent).childCount(), "close did not unregister");
        try (CancelContext ctx = Context.withCancel(parent)) {
            seen = ctx;
        }
        assertDone(seen, "ctx", ContextError.CANCELED);
        assertBlocks(parent, "parent");
        parent.close();
        assertDone(parent, "parent", ContextError.CANCELED);
    }

    /** Contexts from plain threads: a thread waits on done(); another thread cancels. */
    @Test
    @SuppressWarnings("golib") // plain threads block on done() on purpose
    void plainThreads() throws Exception {
        long t0 = System.nanoTime();
        CancelContext t = Context.withTimeout(Context.background(), Duration.ofMillis(20));
        assertNull(t.done().recv());
        assertTrue(System.nanoTime() - t0 >= 20_000_000L, "timed out early");
        assertSame(ContextError.DEADLINE_EXCEEDED, t.err());

        CancelContext c = Context.withCancel(Context.background());
        Thread canceller = new Thread(() -> {
            io.golib.time.Time.after(Duration.ofMillis(10)).recv();
            c.cancel();
        });
        canceller.start();
        assertNull(c.done().recv());
        canceller.join();
        assertSame(ContextError.CANCELED, c.err());

        // A goroutine waits; a plain thread cancels. The thread waits through golib (a timer),
        // not Thread.sleep: Go.run's deadlock check cannot see a thread that has never used
        // golib and is sleeping (see ForeignThreads), and would report the waiting main.
        CancelContext g = Context.withCancel(Context.background());
        Thread later = new Thread(() -> {
            io.golib.time.Time.after(Duration.ofMillis(10)).recv();
            g.cancel();
        });
        later.start();
        Go.run(() -> assertNull(g.done().recv()));
        later.join();
    }

    /** Go's XTestCustomContextGoroutines: a goroutine only for wrappers with their own done. */
    @Test
    void customContextGoroutines() {
        AtomicInteger base = new AtomicInteger(CancelCtx.GOROUTINES.get());
        Runnable checkNoGoroutine = () -> assertEquals(base.get(), CancelCtx.GOROUTINES.get(),
                "goroutines created");
        Runnable checkCreatedGoroutine = () -> {
            assertEquals(base.get() + 1, CancelCtx.GOROUTINES.get(), "goroutines created");
            base.incrementAndGet();
        };
        Context.withCancel(new MyDoneCtx(Context.background())).cancel();
        checkCreatedGoroutine.run();
        Context.withTimeout(new MyDoneCtx(Context.background()), VERY_LONG).cancel();
        checkCreatedGoroutine.run();
        checkNoGoroutine.run();

        CancelContext ctx1 = Context.withCancel(Context.background());
        checkNoGoroutine.run();
        Context ctx2 = new OtherContext(ctx1);
        CancelContext ctx3 = Context.withCancel(ctx2);
        checkNoGoroutine.run();
        CancelContext c3b = Context.withCancel(new MyDoneCtx(ctx2));
        checkCreatedGoroutine.run(); // ctx1 is not providing done: must not be used
        CancelContext ctx4 = Context.withTimeout(ctx3, VERY_LONG);
        checkNoGoroutine.run();
        CancelContext ctx5 = Context.withCancel(ctx4);
        checkNoGoroutine.run();
        ctx5.cancel();
        checkNoGoroutine.run();
        CancelContext c6 = Context.withTimeout(ctx5, VERY_LONG);
        checkNoGoroutine.run();
        // Applied to cancelled contexts.
        c6.cancel();
        ctx1.cancel();
        CancelContext c7 = Context.withCancel(ctx5);
        checkNoGoroutine.run();
        assertDone(c7, "c7", ContextError.CANCELED);
        c3b.cancel();
        ctx4.cancel();
        ctx3.cancel();
        checkNoGoroutine.run();
    }

    /** A wrapper with its own done: its cancellation reaches the child through the goroutine. */
    @Test
    void foreignParentCancelReachesChild() {
        Go.run(() -> {
            Chan<Object> done = Chan.make();
            ContextError[] err = {null};
            Context foreign = new OtherContext(Context.background()) {
                @Override
                public RecvChan<?> done() {
                    return done;
                }

                @Override
                public ContextError err() {
                    return err[0];
                }
            };
            CancelContext child = Context.withCancel(foreign);
            assertBlocks(child, "child");
            err[0] = ContextError.DEADLINE_EXCEEDED;
            done.close();
            assertNull(child.done().recv());
            assertSame(ContextError.DEADLINE_EXCEEDED, child.err(), "the parent's err");
        });
    }
}
