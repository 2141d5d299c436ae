package io.golib.chan;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.CTestStructure;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionGenerator;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.CTestConfiguration;
import org.jetbrains.lincheck.datastructures.RandomProvider;

/**
 * Lincheck scenario generator for {@link ChanLincheckTest}: random scenarios over {@code send},
 * {@code recv}, {@code trySend}, {@code tryRecv}, {@code close} and {@code len} in which every
 * operation returns in every interleaving, so that a blocking operation never makes Lincheck
 * report a hang that is only the scenario's fault (a {@code recv} with no sender would block its
 * thread forever, and Lincheck takes a run where every thread is parked for a deadlock).
 *
 * <p>How termination is guaranteed: in a scenario with blocking operations, the last parallel
 * thread (the <em>closer</em>) runs only non-blocking operations and ends with {@code close()}.
 * It always finishes, and its close wakes every blocked sender (which throws) and receiver
 * (which gets null); once closed, no operation blocks. So the other threads may mix blocking
 * operations freely, and the post part (run after the parallel part, on a closed channel) may
 * use them too. The init part, run on one thread before the others start, is non-blocking. A
 * quarter of the scenarios have no blocking operation and no forced close.
 *
 * <p>Sent values are 1, 2, 3, ... in scenario order, all distinct, so each received value names
 * its send and FIFO violations cannot hide behind equal values. The thread count, actors per
 * thread, init and post sizes are the configuration's maxima ({@code threads}, {@code
 * actorsPerThread}, {@code actorsBefore}, {@code actorsAfter}). Seeded by Lincheck's
 * {@link RandomProvider}, so runs are reproducible. Constructed by Lincheck through
 * {@link ExecutionGenerator}'s contract.
 */
public final class ChanScenarios extends ExecutionGenerator {
    private final Random random;
    private final Method send;
    private final Method recv;
    private final Method trySend;
    private final Method tryRecv;
    private final Method close;
    private final Method len;
    private int nextValue;

    public ChanScenarios(CTestConfiguration configuration, CTestStructure structure,
            RandomProvider randomProvider) {
        super(configuration, structure);
        this.random = randomProvider.createRandom();
        Class<?> ops = configuration.getTestClass();
        try {
            send = ops.getMethod("send", int.class);
            recv = ops.getMethod("recv");
            trySend = ops.getMethod("trySend", int.class);
            tryRecv = ops.getMethod("tryRecv");
            close = ops.getMethod("close");
            len = ops.getMethod("len");
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("ChanScenarios: " + ops + " lacks a channel operation", e);
        }
    }

    @Override
    public ExecutionScenario nextExecution() {
        nextValue = 1;
        CTestConfiguration c = testConfiguration;
        boolean blocking = random.nextInt(4) != 0;
        List<Actor> init = new ArrayList<>();
        for (int i = random.nextInt(c.getActorsBefore() + 1); i > 0; i--) {
            init.add(random.nextInt(4) == 0 ? actor(tryRecv) : actor(trySend)); // fill buffers
        }
        List<List<Actor>> parallel = new ArrayList<>();
        int threads = Math.max(2, c.getThreads());
        for (int t = 0; t < threads; t++) {
            List<Actor> thread = new ArrayList<>();
            if (blocking && t == threads - 1) {
                for (int i = random.nextInt(c.getActorsPerThread()); i > 0; i--) {
                    thread.add(nonBlocking(false));
                }
                thread.add(actor(close));
            } else {
                for (int i = 0; i < c.getActorsPerThread(); i++) {
                    thread.add(blocking ? any() : nonBlocking(true));
                }
            }
            parallel.add(thread);
        }
        List<Actor> post = new ArrayList<>();
        for (int i = random.nextInt(c.getActorsAfter() + 1); i > 0; i--) {
            post.add(blocking ? any() : nonBlocking(false)); // closed when blocking: nothing waits
        }
        return new ExecutionScenario(init, parallel, post, null);
    }

    /** Weights: send 4, recv 4, trySend 2, tryRecv 2, len 1, close 1. */
    private Actor any() {
        int r = random.nextInt(14);
        if (r < 4) {
            return actor(send);
        } else if (r < 8) {
            return actor(recv);
        } else if (r < 10) {
            return actor(trySend);
        } else if (r < 12) {
            return actor(tryRecv);
        }
        return actor(r == 12 ? len : close);
    }

    /** trySend 3, tryRecv 3, len 1, and close 1 if {@code withClose}. */
    private Actor nonBlocking(boolean withClose) {
        int r = random.nextInt(withClose ? 8 : 7);
        if (r < 3) {
            return actor(trySend);
        } else if (r < 6) {
            return actor(tryRecv);
        }
        return actor(r == 6 ? len : close);
    }

    private Actor actor(Method m) {
        boolean blocks = m == send || m == recv;
        List<Object> args = m.getParameterCount() == 0 ? List.of() : List.of(nextValue++);
        return new Actor(m, args, false, blocks);
    }
}
