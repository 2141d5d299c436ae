package io.golib.chan;

import static io.golib.chan.Select.recv;
import static io.golib.chan.Select.select;
import static io.golib.chan.Select.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The primitive channels allocate nothing per operation: no boxing, no holder, no case object
 * (a functional check, not a timing one). Measured with the JVM's per-thread allocation counter
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) over 100,000 iterations on
 * the test thread (a plain thread: Parker and its scratch are thread-local), after as many again
 * to warm up. The bound, 1 KB, is far below the 100,000 × 16 bytes of even one small object per
 * iteration, and above the counter's own noise.
 */
class PrimitiveChanAllocationTest {
    static final int ITERATIONS = 100_000;
    static final long BOUND = 1024;

    @Test
    @SuppressWarnings("golib") // buffered operations on the test thread: nothing blocks
    void bufferedSendAndRecvAllocateNothing() {
        IntChan c = IntChan.make(16);
        IntChan.Received r = new IntChan.Received();
        LongChan lc = LongChan.make(16);
        DoubleChan dc = DoubleChan.make(16);
        DoubleChan.Received dr = new DoubleChan.Received();
        ThreadMXBean mx = counter();
        long want = sendRecv(c, r, lc, dc, dr); // warm up
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        long got = sendRecv(c, r, lc, dc, dr);
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(want, got);
        assertTrue(allocated < BOUND, "send + recv allocated " + allocated + " bytes in "
                + ITERATIONS + " iterations");
    }

    @SuppressWarnings("golib")
    private static long sendRecv(IntChan c, IntChan.Received r, LongChan lc, DoubleChan dc,
            DoubleChan.Received dr) {
        long sum = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            c.send(i);
            c.recv(r);
            sum += r.value();
            c.trySend(i);
            c.tryRecv(r);
            sum += r.value();
            lc.send(i);
            sum += lc.recv();
            dc.send(i);
            dc.recv(dr);
            sum += (long) dr.value();
        }
        return sum;
    }

    @Test
    @SuppressWarnings("golib") // ready selects on the test thread: nothing blocks
    void readySelectWithPreallocatedCasesAllocatesNothing() {
        IntChan a = IntChan.make(1);
        IntChan full = IntChan.make(1);
        full.send(0);
        DoubleChan never = DoubleChan.make();
        long[] sum = {0};
        SelectCase[] cases = {
            recv(a, (v, ok) -> sum[0] += v), send(full, 1), recv(never, (v, ok) -> sum[0] = -1)};
        ThreadMXBean mx = counter();
        selectLoop(a, cases); // warm up
        long want = sum[0];
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        selectLoop(a, cases);
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(2 * want, sum[0], "every select ran the receive case");
        assertTrue(allocated < BOUND, "a ready select allocated " + allocated + " bytes in "
                + ITERATIONS + " iterations");
    }

    @SuppressWarnings("golib")
    private static void selectLoop(IntChan a, SelectCase[] cases) {
        for (int i = 0; i < ITERATIONS; i++) {
            a.send(i);
            if (select(cases) != 0) {
                throw new AssertionError("only the receive case is ready");
            }
        }
    }

    private static ThreadMXBean counter() {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "no per-thread allocation counter");
        mx.setThreadAllocatedMemoryEnabled(true);
        return mx;
    }
}
