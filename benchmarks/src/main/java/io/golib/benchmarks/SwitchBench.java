package io.golib.benchmarks;

import io.golib.Go;
import io.golib.chan.Chan;
import io.golib.sync.WaitGroup;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scheduler's goroutine switch under JMH, so {@code -prof perfasm} can show where it goes:
 * {@link #gosched} is two goroutines yielding to each other ({@code Go.gosched}: park, global
 * queue, schedule, resume), {@link #pingPong} two goroutines trading a value over two unbuffered
 * channels (park, goready into runnext, schedule, resume). Both at GOMAXPROCS 1, so every
 * operation is a switch on one carrier. Each invocation is one {@code Go.call} of
 * {@value #N} switches; its start and join are amortized over them.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar SwitchBench -jvmArgsAppend
 * -javaagent:agent/target/golib-agent-0.1.0-SNAPSHOT.jar}; the side-by-side figures against Go
 * and virtual threads are SchedBench's and ChanBench's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Prepend: a command-line -jvmArgsAppend (the agent) replaces the annotation's append list.
@Fork(value = 1, jvmArgsPrepend = "-Dgolib.maxprocs=1")
public class SwitchBench {
    static final int N = 100_000;

    /** ns per yield. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long gosched() {
        return Go.call(() -> {
            WaitGroup wg = new WaitGroup();
            long[] yields = new long[2];
            for (int g = 0; g < 2; g++) {
                int slot = g;
                wg.go(() -> {
                    int i = 0;
                    for (; i < N / 2; i++) {
                        Go.gosched();
                    }
                    yields[slot] = i;
                });
            }
            wg.await();
            return yields[0] + yields[1];
        });
    }

    /** ns per one-way hand-off (half a round trip). */
    @Benchmark
    @OperationsPerInvocation(N)
    public long pingPong() {
        return Go.call(() -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < N / 2; i++) {
                    pong.send(ping.recv() + 1);
                }
            });
            int v = 0;
            for (int i = 0; i < N / 2; i++) {
                ping.send(v);
                v = pong.recv();
            }
            return (long) v;
        });
    }
}
