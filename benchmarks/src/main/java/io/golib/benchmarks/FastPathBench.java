package io.golib.benchmarks;

import io.golib.runtime.stack.Continuation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The fast path: what rewriting costs code that could park but does not. One operation is one call
 * of a 5-deep chain of small arithmetic methods ({@link GoChain}, rewritten, vs {@link PlainChain},
 * left alone), made from inside a running continuation, where the rewritten prologues find a
 * stack and every call site arms and checks. Target: golib ≤ 1.2 × plain.
 *
 * <p>How a continuation stays mounted across JMH's loop: each body loops forever, making
 * {@link #BATCH} calls and then yielding; one benchmark invocation is one {@code run()} (resume,
 * {@code BATCH} calls, yield), reported per call with {@code @OperationsPerInvocation}. The
 * yield/resume round trip is thus spread over {@code BATCH} calls (≈0.05 ns each), and both bodies
 * pay it, as they pay their own loop's back-edge check: the only difference is the callee chain.
 *
 * <p>The {@code *NoContinuation} pair measures the same chain called outside any continuation
 * (the "dual mode" path: the prologue finds no stack and runs the code as written).
 *
 * <p>Needs the agent: without it {@code new Continuation} throws "not instrumented" and the
 * {@code *InContinuation} benchmarks fail in their setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {CarrierExecutor.SELECT_1, CarrierExecutor.SELECT_2})
public class FastPathBench {
    static final int BATCH = 1000;

    /** The chain's input; a field, so the JIT cannot fold the calls into constants. */
    int x = 0x1234567;

    /** The two continuations; a separate state so the {@code *NoContinuation} pair runs without the agent. */
    @State(Scope.Thread)
    public static class Running {
        Continuation golib;
        Continuation plain;

        @Setup
        public void setup(FastPathBench in, Blackhole bh) {
            golib = golibBody(in, bh);
            plain = plainBody(in, bh);
        }
    }

    // The bodies are lambdas of this top-level class, not of Running: the runtime's "was it
    // instrumented?" check looks at a lambda's nest host, which for a lambda written in a nested
    // class is still the top-level class, and the agent marks only the classes it rewrote.

    static Continuation golibBody(FastPathBench in, Blackhole bh) {
        return new Continuation(() -> {
            while (true) {
                for (int i = 0; i < BATCH; i++) {
                    bh.consume(GoChain.a(in.x + i));
                }
                Continuation.yieldNow();
            }
        });
    }

    static Continuation plainBody(FastPathBench in, Blackhole bh) {
        return new Continuation(() -> {
            while (true) {
                for (int i = 0; i < BATCH; i++) {
                    bh.consume(PlainChain.a(in.x + i));
                }
                Continuation.yieldNow();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean golibInContinuation(Running r) {
        return r.golib.run();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean plainInContinuation(Running r) {
        return r.plain.run();
    }

    @Benchmark
    public int golibNoContinuation() {
        return GoChain.a(x);
    }

    @Benchmark
    public int plainNoContinuation() {
        return PlainChain.a(x);
    }
}
