package io.golib.chan;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.runtime.sched.ForeignThreads;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.execution.HBClock;
import org.jetbrains.kotlinx.lincheck.execution.ResultWithClock;
import org.jetbrains.kotlinx.lincheck.util.ExceptionResult;
import org.jetbrains.kotlinx.lincheck.util.LincheckResult;
import org.jetbrains.kotlinx.lincheck.util.ValueResult;
import org.jetbrains.kotlinx.lincheck.util.VoidResult;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lincheck (org.jetbrains.lincheck 3.7) checks {@link Chan} of capacity 0, 1 and 2 against a small
 * sequential specification, {@link ChanSpec}: {@code send}, {@code recv}, {@code trySend},
 * {@code tryRecv}, {@code close} and {@code len}, called from plain Java threads (Lincheck's), so
 * a blocked operation parks its thread ({@link Parker}'s {@code LockSupport.park} path).
 *
 * <h2>What is checked</h2>
 * Every execution's results must be <em>linearizable</em> with respect to the specification,
 * blocking operations included: {@link ChanSpecVerifier} searches for a linearization in which a
 * blocking {@code send}/{@code recv} either completes at its linearization point or waits and is
 * completed by the operation that serves it (dual data structure semantics). That covers the
 * rendezvous of an unbuffered channel (a send returns only after a receiver took its value), FIFO
 * of values and of waiters, a full buffer refilled from a blocked sender, {@code close} waking
 * receivers (null) and senders (throw), and {@code trySend}/{@code tryRecv} seeing blocked
 * partners, all in real-time order (Lincheck's happens-before clocks). Any other exception, and
 * any hang, fails. Two strategies, because each sees what the other cannot:
 * <ul>
 *   <li>{@link #modelCheck}: Lincheck's model checker runs each scenario under many
 *       interleavings, switching threads at the channel's shared-memory accesses (the spin lock's
 *       CAS, the opaque fast-path reads, waiter fields, the parker's flag). It finds races in the
 *       locked and lock-free paths deterministically. Its limit: it models
 *       {@code LockSupport.park} as "may return at once" (spurious wake-ups), so a parked waiter
 *       is a spin loop to it, and it resumes a spinning thread only when no other thread can run.
 *       So it never wakes a waiter in the middle of its waker's operation, and a lost
 *       {@code unpark} is invisible to it.
 *   <li>{@link #stress}: the same scenarios on real threads that really park. It covers what the
 *       model checker cannot: a waiter running between its waker's {@code wake()} and the rest
 *       of the waker's operation, and lost wake-ups (a hang, reported after Lincheck's timeout).
 * </ul>
 * Checked by mutation while writing this test: the model checker reports a buffer write moved
 * out of the lock and a park loop that lets a spurious wake-up through; stress reports a value
 * published after the wake and an {@code unpark} before the flag is set (as a hang).
 *
 * <h2>Why not Lincheck's stock setup</h2>
 * Lincheck models blocking only for Kotlin {@code suspend} operations (kotlinx.coroutines tests
 * its channels so: suspending {@code send}/{@code receive} against a suspending sequential
 * channel). A parked plain thread is, to Lincheck, an operation still running; a scenario where
 * one can never be woken is a deadlock and fails. Two pieces make blocking operations testable
 * anyway: {@link ChanScenarios} generates only scenarios that terminate in every interleaving (a
 * closer thread of non-blocking operations ends with {@code close()}), and
 * {@link ChanSpecVerifier} applies the dual semantics Lincheck's own verifier applies to
 * suspending operations. Scenario minimization is off: removing the closer would turn any
 * failure into a hang.
 *
 * <h2>How it runs</h2>
 * The runtime's classes and these test classes are rewritten by golib's agent CLI at build time
 * (no golib agent at run time); Lincheck attaches its own agent to this JVM and instruments them
 * again (surefire's {@code argLine} in this module allows the attach on JDK 21+).
 * {@code ForeignThreads} (deadlock-detection bookkeeping, a JDK concurrent set) is treated as
 * atomic by the model checker: its internals are not the channel's protocol and would multiply
 * the interleavings. {@link #verifierRejectsWrongHistories} checks the oracle itself on
 * hand-written histories. Sizes: 3 threads (one the closer), up to 3 operations each, up to 2
 * before and 2 after; iterations scale with {@code -Dgolib.stress.scale}.
 */
@Timeout(600)
public class ChanLincheckTest {
    static final int SCALE = Integer.getInteger("golib.stress.scale", 1);
    /** Scenarios per capacity, and interleavings (model checking) or runs (stress) of each. */
    static final int MC_ITERATIONS = 15 * SCALE;
    static final int MC_INVOCATIONS = 50;
    static final int STRESS_ITERATIONS = 20 * SCALE;
    static final int STRESS_INVOCATIONS = 500;

    /**
     * The operations under test on one channel (Lincheck makes one instance per run). Public, with
     * public methods: Lincheck calls them from generated code.
     */
    @Param(name = "value", gen = IntGen.class, conf = "1:9")
    public abstract static class Ops {
        private final Chan<Integer> ch;

        Ops(int capacity) {
            ch = Chan.make(capacity);
        }

        // Blocking on purpose: Lincheck's threads are plain threads, and blocking them is the
        // behaviour under test.
        @SuppressWarnings("golib")
        @Operation(blocking = true)
        public void send(@Param(name = "value") int v) {
            ch.send(v);
        }

        @SuppressWarnings("golib")
        @Operation(blocking = true)
        public Integer recv() {
            return ch.recv();
        }

        @Operation
        public boolean trySend(@Param(name = "value") int v) {
            return ch.trySend(v);
        }

        @Operation
        public Integer tryRecv() {
            return ch.tryRecv();
        }

        @Operation
        public void close() {
            ch.close();
        }

        @Operation
        public int len() {
            return ch.len();
        }
    }

    public static final class Cap0 extends Ops {
        public Cap0() {
            super(0);
        }
    }

    public static final class Cap1 extends Ops {
        public Cap1() {
            super(1);
        }
    }

    public static final class Cap2 extends Ops {
        public Cap2() {
            super(2);
        }
    }

    // =========================================================================================
    // Model checking
    // =========================================================================================

    @ParameterizedTest(name = "chan[{0}]")
    @ValueSource(ints = {0, 1, 2})
    void modelCheck(int capacity) {
        configure(new ModelCheckingOptions(), capacity, MC_ITERATIONS, MC_INVOCATIONS)
                .addGuarantee(forClasses(ForeignThreads.class.getName()).allMethods().treatAsAtomic())
                .check(ops(capacity));
    }

    @ParameterizedTest(name = "chan[{0}]")
    @ValueSource(ints = {0, 1, 2})
    void stress(int capacity) {
        configure(new StressOptions(), capacity, STRESS_ITERATIONS, STRESS_INVOCATIONS)
                .check(ops(capacity));
    }

    private static <O extends Options<O, ?>> O configure(O options, int capacity, int iterations,
            int invocations) {
        Class<?> spec = capacity == 0 ? ChanSpec.Cap0.class
                : capacity == 1 ? ChanSpec.Cap1.class : ChanSpec.Cap2.class;
        return options
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .iterations(iterations)
                .invocationsPerIteration(invocations)
                .executionGenerator(ChanScenarios.class)
                .verifier(ChanSpecVerifier.class)
                .sequentialSpecification(spec)
                .minimizeFailedScenario(false);
    }

    private static Class<?> ops(int capacity) {
        return capacity == 0 ? Cap0.class : capacity == 1 ? Cap1.class : Cap2.class;
    }

    // =========================================================================================
    // The oracle on hand-written histories: it must accept Go's behaviour and reject the rest
    // =========================================================================================

    @Test
    void verifierRejectsWrongHistories() throws Exception {
        // Rendezvous: a send returns once a receive (blocking or not) took its value.
        assertTrue(check(0, t(op("send", 1, VOID)), t(op("recv", null, val(1)))));
        assertTrue(check(0, t(op("send", 1, VOID)), t(op("tryRecv", null, val(1)))));
        // ...and never alone: unbuffered send with no receiver cannot have returned.
        assertFalse(check(0, t(op("send", 1, VOID)), t(op("len", null, val(0)))));
        // trySend succeeds on an unbuffered channel only into a waiting receiver.
        assertFalse(check(0, t(op("trySend", 1, val(true))), t(op("tryRecv", null, val(null)))));
        assertTrue(check(0, t(op("trySend", 1, val(true))), t(op("recv", null, val(1)))));
        assertFalse(check(0, t(op("trySend", 1, val(true))), t(op("recv", null, val(2)))));
        // FIFO.
        assertTrue(check(1, t(op("send", 1, VOID), op("send", 2, VOID)),
                t(op("recv", null, val(1)), op("recv", null, val(2)))));
        assertFalse(check(1, t(op("send", 1, VOID), op("send", 2, VOID)),
                t(op("recv", null, val(2)), op("recv", null, val(1)))));
        // Real time: a tryRecv that started after a successful trySend returned sees the value.
        assertTrue(check(1, t(op("trySend", 1, val(true))), t(op("tryRecv", null, val(null)))));
        assertFalse(check(1, t(op("trySend", 1, val(true))),
                t(op("tryRecv", null, val(null)).after(0, 1))));
        // Capacity: a third buffered value needs a receiver.
        assertFalse(check(2, t(op("trySend", 1, val(true)), op("trySend", 2, val(true)),
                op("trySend", 3, val(true))), t(op("len", null, val(2)))));
        // Close: receivers get null, senders throw, a second close throws, buffered values stay.
        assertTrue(check(0, t(op("recv", null, val(null))), t(op("close", null, VOID))));
        assertTrue(check(0, t(op("send", 1, CLOSED)), t(op("close", null, VOID))));
        assertFalse(check(0, t(op("send", 1, VOID)), t(op("close", null, VOID))));
        assertFalse(check(1, t(op("close", null, VOID)), t(op("close", null, VOID))));
        assertTrue(check(1, t(op("trySend", 1, val(true)), op("close", null, VOID)),
                t(op("recv", null, val(1)).after(0, 2), op("recv", null, val(null)))));
        assertFalse(check(1, t(op("trySend", 1, val(true)), op("close", null, VOID)),
                t(op("recv", null, val(null)).after(0, 2))));
        // A full buffer refilled from a blocked sender, in order.
        assertTrue(check(1, t(op("trySend", 1, val(true)), op("send", 2, VOID)),
                t(op("recv", null, val(1)).after(0, 1), op("recv", null, val(2)))));
        assertFalse(check(1, t(op("trySend", 1, val(true)), op("send", 2, VOID)),
                t(op("recv", null, val(2)).after(0, 1))));
        // Unexpected exceptions never match.
        assertFalse(check(1, t(new HOp("len", null, new ExceptionResult(new IllegalStateException())))));
    }

    private static final LincheckResult VOID = VoidResult.INSTANCE;
    private static final LincheckResult CLOSED =
            new ExceptionResult(new ChanClosedException("send on closed channel"));

    private static LincheckResult val(Object v) {
        return new ValueResult(v);
    }

    /** One operation of a hand-written history: its call, result and happens-before clock. */
    private static final class HOp {
        final String name;
        final Integer arg;
        final LincheckResult result;
        final int[] after = new int[3];

        HOp(String name, Integer arg, LincheckResult result) {
            this.name = name;
            this.arg = arg;
            this.result = result;
        }

        /** Started after the first {@code n} operations of thread {@code thread} returned. */
        HOp after(int thread, int n) {
            after[thread] = n;
            return this;
        }
    }

    private static HOp op(String name, Integer arg, LincheckResult result) {
        return new HOp(name, arg, result);
    }

    private static HOp[] t(HOp... ops) {
        return ops;
    }

    /** Whether the verifier accepts the parallel history {@code threads} on capacity {@code cap}. */
    private static boolean check(int cap, HOp[]... threads) throws NoSuchMethodException {
        List<List<Actor>> actors = new ArrayList<>();
        List<List<ResultWithClock>> results = new ArrayList<>();
        for (HOp[] thread : threads) {
            List<Actor> as = new ArrayList<>();
            List<ResultWithClock> rs = new ArrayList<>();
            for (HOp o : thread) {
                Method m = o.arg == null ? Ops.class.getMethod(o.name)
                        : Ops.class.getMethod(o.name, int.class);
                as.add(new Actor(m, o.arg == null ? List.of() : List.of(o.arg)));
                rs.add(new ResultWithClock(o.result,
                        new HBClock(java.util.Arrays.copyOf(o.after, threads.length))));
            }
            actors.add(as);
            results.add(rs);
        }
        ExecutionScenario scenario = new ExecutionScenario(List.of(), actors, List.of(), null);
        ExecutionResult result = new ExecutionResult(List.of(), results, List.of());
        return ChanSpecVerifier.linearizable(scenario, result, new ChanSpec(cap));
    }
}
