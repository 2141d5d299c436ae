package io.golib.samples;

import static io.golib.Go.run;

import io.golib.Goroutine;
import io.golib.sync.Cond;
import io.golib.sync.Mutex;
import io.golib.sync.WaitGroup;
import java.util.ArrayDeque;

/**
 * A bounded queue built from a {@code sync.Mutex} and two {@code sync.Cond}s, the classic
 * monitor pattern, with goroutines (not threads) waiting on the conditions: three producers and
 * two consumers share a queue of four slots.
 *
 * <pre>{@code
 * type Queue struct { mu sync.Mutex; notFull, notEmpty *sync.Cond; items []int; cap int }
 * func (q *Queue) Put(v int) {
 *     q.mu.Lock(); defer q.mu.Unlock()
 *     for len(q.items) == q.cap { q.notFull.Wait() }
 *     q.items = append(q.items, v); q.notEmpty.Signal()
 * }
 * }</pre>
 *
 * Prints each consumer's count and the total (always 300 items, sum 44850).
 */
public final class BoundedQueue {
    private final Mutex mu = new Mutex();
    private final Cond notFull = new Cond(mu);
    private final Cond notEmpty = new Cond(mu);
    private final ArrayDeque<Integer> items = new ArrayDeque<>();
    private final int capacity;

    BoundedQueue(int capacity) {
        this.capacity = capacity;
    }

    @Goroutine
    void put(int v) {
        mu.lock();
        try {
            while (items.size() == capacity) {
                notFull.await(); // Cond.await may wake spuriously: always re-check in a loop
            }
            items.addLast(v);
            notEmpty.signal();
        } finally {
            mu.unlock();
        }
    }

    /** Takes the next item, or returns -1 once {@code closed} and empty. */
    @Goroutine
    int take(boolean[] closed) {
        mu.lock();
        try {
            while (items.isEmpty() && !closed[0]) {
                notEmpty.await();
            }
            if (items.isEmpty()) {
                return -1;
            }
            int v = items.removeFirst();
            notFull.signal();
            return v;
        } finally {
            mu.unlock();
        }
    }

    public static void main(String[] args) {
        run(() -> {
            BoundedQueue q = new BoundedQueue(4);
            boolean[] closed = {false};
            WaitGroup producers = new WaitGroup();
            for (int p = 0; p < 3; p++) {
                int base = p * 100;
                producers.go(() -> {
                    for (int i = 0; i < 100; i++) {
                        q.put(base + i);
                    }
                });
            }
            WaitGroup consumers = new WaitGroup();
            long[] sums = new long[2];
            int[] counts = new int[2];
            for (int c = 0; c < 2; c++) {
                int me = c;
                consumers.go(() -> {
                    for (int v; (v = q.take(closed)) >= 0; ) {
                        sums[me] += v;
                        counts[me]++;
                    }
                });
            }
            producers.await();
            q.mu.lock();
            closed[0] = true;
            q.notEmpty.broadcast();
            q.mu.unlock();
            consumers.await();
            System.out.println("consumer 0 took " + counts[0] + ", consumer 1 took " + counts[1]);
            System.out.println("total " + (counts[0] + counts[1]) + " items, sum "
                    + (sums[0] + sums[1]));
        });
    }
}
