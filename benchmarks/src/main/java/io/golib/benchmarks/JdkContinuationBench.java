package io.golib.benchmarks;

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
 * {@link ParkResumeBench} for {@code jdk.internal.vm.Continuation} (JDK 21+), the yardstick for
 * golib's park/resume: the same recursion ({@link JdkDescent}), the same two measurements.
 * {@link #roundTrip}: one {@code run()} = thaw, run to the next yield, freeze.
 * {@link #startAndPark}: a fresh continuation run to its first yield (freezes all frames).
 *
 * <p>The forks get {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (prepended, so a
 * {@code -jvmArgsAppend} on the command line does not drop it). On JDK 17 the setup throws
 * "JdkContinuationBench skipped: ..." and JMH moves on to the next benchmark; exclude the class
 * there with {@code -e JdkContinuationBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class JdkContinuationBench {
    @Param({"1", "10", "100"})
    int depth;

    private Object parked;

    @Setup(Level.Trial)
    public void setup() {
        JdkContinuations.require();
        int d = depth;
        parked = JdkContinuations.create(() -> JdkDescent.down(d));
        JdkContinuations.run(parked);
        if (JdkContinuations.isDone(parked)) {
            throw new AssertionError("JdkContinuationBench: the continuation ended instead of yielding");
        }
    }

    @Benchmark
    public Object roundTrip() {
        JdkContinuations.run(parked);
        return parked;
    }

    @Benchmark
    public Object startAndPark() {
        int d = depth;
        Object c = JdkContinuations.create(() -> JdkDescent.down(d));
        JdkContinuations.run(c);
        return c;
    }
}
