package io.golib.benchmarks;

import io.golib.Go;
import io.golib.chan.Chan;
import io.golib.chan.Select;
import io.golib.chan.SelectCase;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The channel operations that must not allocate, to run with {@code -prof gc} (expected
 * {@code gc.alloc.rate.norm} = 0 B/op): a buffered {@code Chan<Integer>} send + receive with a
 * preallocated {@code Integer}, and a select over ready channels with cases built once; then the
 * unbuffered ping-pong between two goroutines, whose B/op is reported as it is.
 *
 * <p>Where the operations run:
 * <ul>
 *   <li>{@code *Thread}: on JMH's own (plain) thread, straight from the benchmark method. Nothing
 *       blocks, so this is the fast path of a plain-thread caller (its parker is a
 *       {@code ThreadLocal}).
 *   <li>{@code *Goroutine}: inside a goroutine, {@link #BATCH} operations per invocation. A
 *       driver goroutine per state waits on {@code start}, runs the batch, and answers on
 *       {@code done}; the JMH thread triggers it with a send and a receive of its own (plain-thread
 *       blocking). {@link #driverOnly} is that trigger alone (an empty batch): its cost and
 *       allocation, divided by {@link #BATCH}, are included in every {@code *Goroutine} figure.
 *   <li>{@link #pingPongGoroutines}: {@link #BATCH} round trips between two goroutines on two
 *       unbuffered channels per invocation, the same trigger; {@code procs} = GOMAXPROCS.
 * </ul>
 * JMH's threads are plain threads here (no {@link CarrierExecutor}): goroutines run on golib's
 * own carriers. Needs the agent ({@code -jvmArgsAppend -javaagent:...}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChanFastPathBench {
    static final int BATCH = 1000;

    /** The one element every operation sends: allocated once (outside the Integer cache). */
    static final Integer X = 1_000_000;

    // =========================================================================================
    // On the JMH thread
    // =========================================================================================

    private final Chan<Integer> buf = Chan.make(16);
    private final Chan<Integer> a = Chan.make(16);
    private final Chan<Integer> b = Chan.make(16);
    private final Chan<Integer> empty = Chan.make(16);
    /** Two receive cases, both always ready (each has one element; the winner is refilled). */
    private final SelectCase[] bothReady = {Select.recv(a), Select.recv(b)};
    /** A receive on an empty channel and a default: the default runs. */
    private final SelectCase[] noneReady = {Select.recv(empty), Select.otherwise()};
    @SuppressWarnings("unchecked")
    private final Chan<Integer>[] ab = new Chan[] {a, b};

    @Setup
    public void fill() {
        a.send(X);
        b.send(X);
    }

    /** Buffered send then receive on one plain thread. Expect 0 B/op. */
    @Benchmark
    public Integer sendRecvThread() {
        buf.send(X);
        return buf.recv();
    }

    /** The non-blocking pair. Expect 0 B/op. */
    @Benchmark
    public Integer trySendTryRecvThread() {
        buf.trySend(X);
        return buf.tryRecv();
    }

    /** A select over two ready receive cases (random winner), then a send refilling it. */
    @Benchmark
    public int selectReadyThread() {
        int i = Select.select(bothReady);
        ab[i].send(X);
        return i;
    }

    /** A select whose only channel case is not ready: the default runs. Expect 0 B/op. */
    @Benchmark
    public int selectDefaultThread() {
        return Select.select(noneReady);
    }

    // =========================================================================================
    // In goroutines
    // =========================================================================================

    /** A driver goroutine: waits for a token on {@code start}, runs a batch, answers on {@code done}. */
    @State(Scope.Thread)
    public static class Driver {
        final Chan<Integer> start = Chan.make();
        final Chan<Integer> done = Chan.make();

        /** Runs {@code BATCH} operations of the benchmark's body, or none for {@code driverOnly}. */
        void trigger() {
            start.send(X);
            done.recv();
        }

        @TearDown(Level.Trial)
        public void stop() {
            start.close(); // the driver's receive returns null and it ends
        }
    }

    /** The trigger alone: an empty batch. Per invocation, not per operation. */
    @State(Scope.Thread)
    public static class Empty extends Driver {
        @Setup(Level.Trial)
        public void setup() {
            Go.go(ChanFastPathBodies.driverOnly(start, done));
        }
    }

    @State(Scope.Thread)
    public static class SendRecv extends Driver {
        @Setup(Level.Trial)
        public void setup() {
            Go.go(ChanFastPathBodies.sendRecv(start, done, BATCH));
        }
    }

    @State(Scope.Thread)
    public static class SelectReady extends Driver {
        @Setup(Level.Trial)
        public void setup() {
            Go.go(ChanFastPathBodies.selectReady(start, done, BATCH));
        }
    }

    @State(Scope.Thread)
    public static class PingPong extends Driver {
        @Param({"1", "2"})
        int procs;

        final Chan<Integer> ping = Chan.make();
        final Chan<Integer> pong = Chan.make();

        @Setup(Level.Trial)
        public void setup() {
            Go.setGomaxprocs(procs);
            Go.go(ChanFastPathBodies.echo(ping, pong));
            Go.go(ChanFastPathBodies.pingPong(start, done, ping, pong, BATCH));
        }

        @TearDown(Level.Trial)
        public void stopEcho() {
            ping.close();
        }
    }

    /** The trigger alone (send + receive between the JMH thread and a goroutine), per invocation. */
    @Benchmark
    public void driverOnly(Empty d) {
        d.trigger();
    }

    /** Buffered send then receive inside a goroutine, per pair. Expect 0 B/op (+ driverOnly / BATCH). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void sendRecvGoroutine(SendRecv d) {
        d.trigger();
    }

    /** Select over two ready receive cases + refill, inside a goroutine. Expect 0 B/op (+ driverOnly / BATCH). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void selectReadyGoroutine(SelectReady d) {
        d.trigger();
    }

    /** One round trip between two goroutines on two unbuffered channels (+ driverOnly / BATCH). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void pingPongGoroutines(PingPong d) {
        d.trigger();
    }
}
