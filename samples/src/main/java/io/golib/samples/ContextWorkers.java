package io.golib.samples;

import static io.golib.Go.run;
import static io.golib.Go.sleep;
import static io.golib.chan.Select.otherwise;
import static io.golib.chan.Select.recv;
import static io.golib.chan.Select.select;

import io.golib.context.CancelContext;
import io.golib.context.Context;
import io.golib.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Workers cancelled by a context, after Go's "context" package examples: four workers loop
 * until their context is done; the context times out after 300 ms (try-with-resources is Go's
 * {@code defer cancel()}), and every worker sees it, stops, and reports why.
 *
 * <pre>{@code
 * ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
 * defer cancel()
 * for i := 0; i < 4; i++ {
 *     wg.Add(1)
 *     go func(id int) {
 *         defer wg.Done()
 *         for {
 *             select {
 *             case <-ctx.Done(): fmt.Println("worker", id, "stops:", ctx.Err()); return
 *             default: work()
 *             }
 *         }
 *     }(i)
 * }
 * wg.Wait()
 * }</pre>
 */
public final class ContextWorkers {
    public static void main(String[] args) {
        run(() -> {
            AtomicLong work = new AtomicLong();
            try (CancelContext ctx = Context.withTimeout(Context.background(),
                    Duration.ofMillis(300))) {
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < 4; i++) {
                    int id = i;
                    wg.go(() -> {
                        boolean[] stop = {false};
                        while (!stop[0]) {
                            select(
                                    recv(ctx.done(), v -> {
                                        System.out.println("worker " + id + " stops: "
                                                + ctx.err());
                                        stop[0] = true;
                                    }),
                                    otherwise(() -> {
                                        sleep(Duration.ofMillis(10)); // a unit of work
                                        work.incrementAndGet();
                                    }));
                        }
                    });
                }
                wg.await();
            }
            System.out.println("all workers stopped after " + work.get() + " units of work");
        });
    }
}
