package io.golib.chan;

import io.golib.Goroutine;

/**
 * One case of a {@link Select#select}: a receive, a send or the default, with what to run if it
 * wins. Made by {@link Select}'s factories (those of the primitive channels are generated, in
 * {@code PrimitiveSelectCases}); immutable, so a loop may build its cases once and pass the same
 * array to every select (no allocation).
 *
 * <p>A receive or send case whose channel is null is never ready (Go's nil channel).
 */
public abstract class SelectCase {
    static final int RECV = 1;
    static final int SEND = 2;
    static final int DEFAULT = 3;

    /** RECV, SEND or DEFAULT. */
    final int kind;
    /** The channel, or null: never ready (always null for DEFAULT). */
    final HChan chan;
    /**
     * The channel's {@link HChan#id}, copied here so that select sorts its lock order without
     * reading the channels: their cache lines are the ones other carriers are writing (the lock
     * word and queues share a line with the id), and each read would be a miss. 0 when
     * {@code chan} is null (such a case takes no part in the order).
     */
    final long lockKey;
    /** A send case's value (reference channels) ... */
    final Object ref;
    /** ... or raw bits (primitive channels). */
    final long bits;

    SelectCase(int kind, HChan chan, Object ref, long bits) {
        this.kind = kind;
        this.chan = chan;
        this.lockKey = chan == null ? 0 : chan.id;
        this.ref = ref;
        this.bits = bits;
    }

    /**
     * Runs the handler after this case won; for a receive, the value is in {@code p}'s result
     * fields, which this reads and clears before calling user code (which may select again).
     */
    @Goroutine
    abstract void run(Parker p) throws Exception;

    /** The shared channel of a select case's argument, or null (a nil channel). */
    static HChan chanOf(Object ch) {
        if (ch == null || ch instanceof HChan) {
            return (HChan) ch;
        }
        throw new IllegalArgumentException("select: " + ch.getClass().getName()
                + " is not a golib channel; select works on channels made by Chan.make,"
                + " IntChan.make, LongChan.make or DoubleChan.make");
    }
}
