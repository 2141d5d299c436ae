package io.golib.benchmarks;

import io.golib.GoRunnable;
import io.golib.chan.Chan;
import io.golib.chan.Select;
import io.golib.chan.SelectCase;

/**
 * The goroutine bodies of {@link ChanFastPathBench}: each loops "receive a token on
 * {@code start}, run a batch, send a token on {@code done}" until {@code start} is closed. Kept
 * in a top-level class of their own so the benchmark's generated JMH subclasses stay out of the
 * agent's way. Every element sent is {@link ChanFastPathBench#X}, allocated once.
 */
final class ChanFastPathBodies {
    private ChanFastPathBodies() {}

    static final Integer X = ChanFastPathBench.X;

    /** An empty batch: the trigger's cost alone. */
    static GoRunnable driverOnly(Chan<Integer> start, Chan<Integer> done) {
        return () -> {
            while (start.recv() != null) {
                done.send(X);
            }
        };
    }

    /** {@code n} × (buffered send, receive) on one goroutine. */
    static GoRunnable sendRecv(Chan<Integer> start, Chan<Integer> done, int n) {
        Chan<Integer> c = Chan.make(16);
        return () -> {
            while (start.recv() != null) {
                for (int i = 0; i < n; i++) {
                    c.send(X);
                    c.recv();
                }
                done.send(X);
            }
        };
    }

    /** {@code n} × (select over two always-ready receive cases, refill the winner). */
    static GoRunnable selectReady(Chan<Integer> start, Chan<Integer> done, int n) {
        Chan<Integer> a = Chan.make(16);
        Chan<Integer> b = Chan.make(16);
        @SuppressWarnings("unchecked")
        Chan<Integer>[] ab = new Chan[] {a, b};
        SelectCase[] cases = {Select.recv(a), Select.recv(b)};
        return () -> {
            a.send(X);
            b.send(X);
            while (start.recv() != null) {
                for (int i = 0; i < n; i++) {
                    ab[Select.select(cases)].send(X);
                }
                done.send(X);
            }
        };
    }

    /** Echoes every value from {@code ping} to {@code pong} until {@code ping} is closed. */
    static GoRunnable echo(Chan<Integer> ping, Chan<Integer> pong) {
        return () -> {
            for (Integer v; (v = ping.recv()) != null; ) {
                pong.send(v);
            }
        };
    }

    /** {@code n} round trips with {@link #echo}. */
    static GoRunnable pingPong(Chan<Integer> start, Chan<Integer> done, Chan<Integer> ping,
            Chan<Integer> pong, int n) {
        return () -> {
            while (start.recv() != null) {
                for (int i = 0; i < n; i++) {
                    ping.send(X);
                    pong.recv();
                }
                done.send(X);
            }
        };
    }
}
