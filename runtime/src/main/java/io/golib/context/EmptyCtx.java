package io.golib.context;

import io.golib.chan.Chan;
import io.golib.chan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/**
 * The roots {@link Context#background()} and {@link Context#todo()}: never cancelled, no
 * deadline, no values. Port of go1.22 context/context.go: {@code emptyCtx},
 * {@code backgroundCtx}, {@code todoCtx}. Immutable.
 */
final class EmptyCtx implements Context {
    /**
     * The done channel of a context that can never be cancelled (Go returns nil): never closed,
     * never sent on, shared. {@link CancelCtx#propagateCancel} recognises it as Go recognises
     * nil, and registers nothing under such a parent.
     */
    static final Chan<Object> NEVER = Chan.make();

    static final EmptyCtx BACKGROUND = new EmptyCtx("context.Background");
    static final EmptyCtx TODO = new EmptyCtx("context.TODO");

    private final String name;

    private EmptyCtx(String name) {
        this.name = name;
    }

    @Override
    public RecvChan<?> done() {
        return NEVER;
    }

    @Override
    public ContextError err() {
        return null;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public <V> V value(Key<V> key) {
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
