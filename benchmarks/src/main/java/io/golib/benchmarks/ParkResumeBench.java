package io.golib.benchmarks;

import io.golib.runtime.stack.Continuation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Park + resume round trip of a golib continuation parked {@code depth} frames deep
 * ({@link Descent}). {@link #roundTrip}: one {@code run()} = resume the parked bottom frame, run
 * to its next yield, unwind it again. Target ≤ 50 ns at depth 1, flat in depth, 0 B/op after
 * warm-up ({@code -prof gc}). {@link #startAndPark}: a fresh continuation run to its first yield,
 * which unwinds all {@code depth} frames (O(depth), allocates the continuation and its stack).
 *
 * <p>The JDK's own continuations, measured the same way, are in {@link JdkContinuationBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {CarrierExecutor.SELECT_1, CarrierExecutor.SELECT_2})
public class ParkResumeBench {
    @Param({"1", "10", "100"})
    int depth;

    private Continuation parked;

    @Setup(Level.Trial)
    public void setup() {
        int d = depth;
        parked = new Continuation(() -> Descent.down(d));
        if (parked.run()) {
            throw new AssertionError("ParkResumeBench: the continuation ended instead of yielding");
        }
    }

    @Benchmark
    public boolean roundTrip() {
        return parked.run();
    }

    @Benchmark
    public boolean startAndPark() {
        int d = depth;
        return new Continuation(() -> Descent.down(d)).run();
    }
}
