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
 * Where {@link FastPathBench}'s gap comes from: the same 5-deep chain, inside a continuation, in
 * five versions, from nothing to the real thing: {@link PlainChain}; {@link HandChain}'s
 * {@code cur} (stack lookup), {@code read} (plus the protocol's reads) and {@code full} (plus its
 * stores: the rewritten fast path by hand); and {@link GoChain} as the agent rewrote it. Each
 * step's increment is the cost of what it adds; {@code full} ≈ {@code golib} says the hand
 * rendering is faithful; {@code p5} enters the rewritten chain through a plain frame, which
 * takes away the body's own rewritten call site (arm + check around the first call). Measured as in FastPathBench ({@link FastPathBench#BATCH} calls per
 * {@code run()}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {CarrierExecutor.SELECT_1, CarrierExecutor.SELECT_2})
public class FastPathAnatomyBench {
    static final int BATCH = FastPathBench.BATCH;

    int x = 0x1234567;
    private Continuation plain, cur, read, full, golib, golibViaPlain;

    @Setup
    public void setup(Blackhole bh) {
        // One lambda per version, each with a direct static call: a shared body taking an
        // IntUnaryOperator would make the call megamorphic and measure dispatch instead.
        plain = new Continuation(() -> {
            while (true) {
                for (int i = 0; i < BATCH; i++) {
                    bh.consume(PlainChain.a(x + i));
                }
                Continuation.yieldNow();
            }
        });
        cur = new Continuation(() -> {
            while (true) {
                for (int i = 0; i < BATCH; i++) {
                    bh.consume(HandChain.curA(x + i));
                }
                Continuation.yieldNow();
            }
        });
        read = new Continuation(() -> {
            while (true) {
                for (int i = 0; i < BATCH; i++) {
                    bh.consume(HandChain.readA(x + i));
                }
                Continuation.yieldNow();
            }
        });
        full = new Continuation(() -> {
            while (true) {
                for (int i = 0; i < BATCH; i++) {
                    bh.consume(HandChain.fullA(x + i));
                }
                Continuation.yieldNow();
            }
        });
        golibViaPlain = new Continuation(() -> {
            while (true) {
                for (int i = 0; i < BATCH; i++) {
                    bh.consume(HandChain.viaPlainFrame(x + i));
                }
                Continuation.yieldNow();
            }
        });
        golib = new Continuation(() -> {
            while (true) {
                for (int i = 0; i < BATCH; i++) {
                    bh.consume(GoChain.a(x + i));
                }
                Continuation.yieldNow();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean p0Plain() {
        return plain.run();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean p1Lookup() {
        return cur.run();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean p2Reads() {
        return read.run();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean p3FullByHand() {
        return full.run();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean p4Golib() {
        return golib.run();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean p5GolibViaPlainFrame() {
        return golibViaPlain.run();
    }
}
