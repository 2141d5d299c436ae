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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of back-edge safepoint checks on tight loops. One operation is one call of a loop of
 * {@code n} iterations ({@link GoLoops}, rewritten with back-edge checks, strip-mined to one per
 * 1 024 iterations, vs {@link PlainLoops}),
 * both called from inside a running continuation, so the rewritten loop finds a stack and its
 * checks are live. Target: golib ≤ 1.05 × plain.
 *
 * <p>Nothing can be constant-folded or hoisted: the seed and the array come from this state
 * (non-final fields), the seed (also the reduction's multiplier) changes with every call, and every
 * result goes to a {@link Blackhole}.
 * Each {@code run()} makes {@link #CALLS} calls, then yields (see {@link FastPathBench} for why);
 * the yield is amortised over {@code CALLS × n} iterations and paid by both sides.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {CarrierExecutor.SELECT_1, CarrierExecutor.SELECT_2})
public class SafepointBench {
    static final int CALLS = 64;

    @Param({"1024"})
    int n;
    int seed = 0x2545F491;
    int[] data;

    private Continuation goMix;
    private Continuation plainMix;
    private Continuation goSum;
    private Continuation plainSum;

    @Setup
    public void setup(Blackhole bh) {
        data = new int[n];
        for (int i = 0; i < n; i++) {
            data[i] = i * 0x61C88647 >>> 7;
        }
        goMix = new Continuation(() -> {
            while (true) {
                for (int c = 0; c < CALLS; c++) {
                    bh.consume(GoLoops.mix(seed + c, n));
                }
                Continuation.yieldNow();
            }
        });
        plainMix = new Continuation(() -> {
            while (true) {
                for (int c = 0; c < CALLS; c++) {
                    bh.consume(PlainLoops.mix(seed + c, n));
                }
                Continuation.yieldNow();
            }
        });
        goSum = new Continuation(() -> {
            while (true) {
                for (int c = 0; c < CALLS; c++) {
                    bh.consume(GoLoops.sum(data, seed + c));
                }
                Continuation.yieldNow();
            }
        });
        plainSum = new Continuation(() -> {
            while (true) {
                for (int c = 0; c < CALLS; c++) {
                    bh.consume(PlainLoops.sum(data, seed + c));
                }
                Continuation.yieldNow();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public boolean mixGolib() {
        return goMix.run();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public boolean mixPlain() {
        return plainMix.run();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public boolean sumGolib() {
        return goSum.run();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public boolean sumPlain() {
        return plainSum.run();
    }
}
