package io.golib.benchmarks;

import io.golib.runtime.stack.Carrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JMH's worker pool, made of golib {@link Carrier} threads, so the benchmarked continuations run
 * where goroutines run: {@code Stack.current()} is then a type check and a field load. On any other
 * thread a continuation is a "foreign runner" (a {@code ThreadLocal} lookup in every rewritten
 * prologue, a lock on every {@code run()}), which is a different, slower path.
 *
 * <p>Selected per benchmark class with
 * {@code @Fork(jvmArgsPrepend = {"-Djmh.executor=CUSTOM", "-Djmh.executor.class=...CarrierExecutor"})}:
 * JMH 1.37's {@code CUSTOM} executor type instantiates the class named by
 * {@code jmh.executor.class} through its public {@code (int maxThreads, String prefix)}
 * constructor. {@code -Dgolib.bench.carrier=false} (in {@code -jvmArgsAppend}) makes plain platform
 * threads instead, to measure the foreign-runner path.
 */
public final class CarrierExecutor extends ThreadPoolExecutor {
    /** The fork arguments that select this executor. */
    public static final String SELECT_1 = "-Djmh.executor=CUSTOM";
    public static final String SELECT_2 = "-Djmh.executor.class=io.golib.benchmarks.CarrierExecutor";

    static final boolean CARRIERS =
            Boolean.parseBoolean(System.getProperty("golib.bench.carrier", "true"));

    public CarrierExecutor(int maxThreads, String prefix) {
        // The same shape as JMH's own PLATFORM executor: a fixed pool of daemon workers.
        super(maxThreads, maxThreads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                factory(prefix));
    }

    private static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            String name = prefix + "-carrier-" + n.incrementAndGet();
            Thread t = CARRIERS ? new Carrier(null, task, name, 0L) : new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }
}
