package io.golib.chan;

import io.golib.GoRunnable;
import io.golib.Goroutine;
import io.golib.GoroutineException;
import io.golib.runtime.stack.Continuation;
import java.util.Objects;

/**
 * Go's {@code select}: waits on several channel operations and runs the handler of the one that
 * proceeds.
 *
 * <pre>{@code
 * import static io.golib.chan.Select.*;
 *
 * int chosen = select(
 *     recv(rx1, v -> System.out.println("rx1 " + v)),   // v is null if rx1 is closed
 *     send(tx, 42, () -> System.out.println("sent")),
 *     otherwise(() -> System.out.println("nothing ready")));
 * }</pre>
 *
 * <ul>
 *   <li>Any number of cases, in any order; returns the index of the case that ran.
 *   <li>When several are ready, one is chosen uniformly at random, afresh on every call.
 *   <li>A case on a null channel is never ready. Without {@link #otherwise}, select blocks until
 *       a case proceeds; {@code select()} with no case blocks forever.
 *   <li>A send case's value is sent only if that case wins. A send case on a closed channel
 *       throws {@link ChanClosedException}, as Go panics.
 *   <li>Handlers may park. A checked exception from a handler is rethrown wrapped in
 *       {@link GoroutineException}; unchecked ones as they are.
 * </ul>
 * The cases are immutable: a loop can build them once and pass the same array every time, and
 * then a select whose case is ready allocates nothing.
 *
 * <p>The primitive channels have the same factories, without boxing: {@code recv(intCh,
 * (v, ok) -> ...)} (an {@link IntRecvHandler}: the value, and false once closed and drained),
 * {@code recv(intCh)}, {@code send(intCh, 42, () -> ...)}, {@code send(intCh, 42)}, and likewise
 * for {@link LongChan} and {@link DoubleChan}. They are inherited from
 * {@code PrimitiveSelectCases}, generated from the same template as the channels, so
 * {@code Select.recv(...)} and {@code import static io.golib.chan.Select.*} reach them.
 */
public final class Select extends PrimitiveSelectCases {
    private Select() {}

    /**
     * Runs the select (see the class comment).
     *
     * @return the index in {@code cases} of the case that ran
     * @throws NullPointerException if {@code cases} or one of them is null
     * @throws IllegalArgumentException if more than one case is a default
     */
    @Goroutine
    public static int select(SelectCase... cases) {
        if (cases == null) {
            throw new NullPointerException(
                    "select(null): pass the cases (none at all blocks forever)");
        }
        int dflt = -1;
        for (int i = 0; i < cases.length; i++) {
            SelectCase c = cases[i];
            if (c == null) {
                throw new NullPointerException("select: case " + i + " is null (for a case"
                        + " that is never ready, give recv or send a null channel)");
            }
            if (c.kind == SelectCase.DEFAULT) {
                if (dflt >= 0) {
                    throw new IllegalArgumentException("select: multiple defaults (cases "
                            + dflt + " and " + i + ")");
                }
                dflt = i;
            }
        }
        Parker p = Parker.current();
        int chosen = selectgo(p, cases, dflt < 0);
        if (chosen == SelectGo.NONE) {
            chosen = dflt;
        }
        try {
            cases[chosen].run(p);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new GoroutineException(e);
        }
        return chosen;
    }

    /**
     * selectgo (go1.22 runtime/select.go) over {@code cases} (the default case, if any, already
     * taken out: its slot may hold anything of kind DEFAULT, which is skipped). Returns the index
     * of the case that proceeded; a receive's value is in {@code p.ref/bits/success}.
     * {@link SelectGo#NONE} only when {@code block} is false.
     *
     * <p>The loop lives here and parks in this frame, so that a blocked select saves two frames
     * (the caller's and this one) rather than three; every step that holds channel locks is a
     * plain method of {@link SelectGo}, which describes the algorithm.
     */
    @Goroutine
    private static int selectgo(Parker p, SelectCase[] cases, boolean block) {
        int n = SelectGo.orders(p, cases);
        if (n == 0 && block) {
            if (p.prepareBlock("select (no cases)", SelectGo::never, null)) { // Go's block()
                Continuation.park();
            }
        }
        for (;;) {
            SelectGo.lock(cases, p.scratch().order, n);
            int chosen = SelectGo.pass1(p, cases, n);
            if (chosen != SelectGo.NONE || !block) {
                if (chosen == SelectGo.NONE) {
                    SelectGo.unlock(cases, p.scratch().order, n);
                }
                return chosen;
            }
            SelectGo.pass2(p, cases, n);
            p.param = null;
            p.scratch().selecting = cases;
            p.scratch().selectingCount = n;
            if (p.prepareBlock("select", SelectGo::unlockAfterPark, p)) {
                Continuation.park();
                p = Parker.current(); // not kept across the park: a slot less per parked select
            }
            SelectGo.lock(cases, p.scratch().order, n);
            chosen = SelectGo.pass3(p, cases, n);
            if (chosen != SelectGo.NONE) {
                return chosen;
            }
            // Woken with no case (Go keeps this path for a wake by close): rerun; something
            // closed, and channels never reopen, so it will not block again.
        }
    }

    /**
     * A receive case: on a value, {@code handler} gets it; when closed and drained, null. (There
     * is deliberately no overload taking a no-argument handler: it would make
     * {@code recv(ch, System.out::println)} ambiguous. Write {@code recv(ch, v -> ...)}.)
     */
    public static <T> SelectCase recv(RecvChan<T> ch, RecvHandler<? super T> handler) {
        return new Recv<>(SelectCase.chanOf(ch), Objects.requireNonNull(handler,
                "recv: handler is null (use recv(ch) to just receive)"));
    }

    /** A receive case that drops the value (Go's {@code case <-ch:}). */
    public static SelectCase recv(RecvChan<?> ch) {
        return new Recv<Object>(SelectCase.chanOf(ch), null);
    }

    /** A send case: sends {@code value} if it wins, then runs {@code handler}. */
    public static <T> SelectCase send(SendChan<T> ch, T value, GoRunnable handler) {
        return new Run(SelectCase.SEND, SelectCase.chanOf(ch), Objects.requireNonNull(value,
                "send: null is never a channel element"), 0L, Objects.requireNonNull(handler,
                "send: handler is null (use send(ch, value) for none)"));
    }

    /** A send case with nothing to run afterwards. */
    public static <T> SelectCase send(SendChan<T> ch, T value) {
        return new Run(SelectCase.SEND, SelectCase.chanOf(ch), Objects.requireNonNull(value,
                "send: null is never a channel element"), 0L, null);
    }

    /** The default case: runs when no other case is ready, making the select non-blocking. */
    public static SelectCase otherwise(GoRunnable handler) {
        return new Run(SelectCase.DEFAULT, null, null, 0L, Objects.requireNonNull(handler,
                "otherwise: handler is null (use otherwise() for none)"));
    }

    /** A default case that does nothing. */
    public static SelectCase otherwise() {
        return new Run(SelectCase.DEFAULT, null, null, 0L, null);
    }

    /** A reference receive case. */
    private static final class Recv<T> extends SelectCase {
        private final RecvHandler<? super T> handler;

        Recv(HChan chan, RecvHandler<? super T> handler) {
            super(RECV, chan, null, 0L);
            this.handler = handler;
        }

        @Override
        @Goroutine
        @SuppressWarnings("unchecked")
        void run(Parker p) throws Exception {
            T v = (T) p.takeRef();
            if (handler != null) {
                handler.onRecv(v);
            }
        }
    }

    /** A send or default case: runs a plain handler. */
    private static final class Run extends SelectCase {
        private final GoRunnable handler;

        Run(int kind, HChan chan, Object ref, long bits, GoRunnable handler) {
            super(kind, chan, ref, bits);
            this.handler = handler;
        }

        @Override
        @Goroutine
        void run(Parker p) throws Exception {
            if (handler != null) {
                handler.run();
            }
        }
    }
}
