package io.golib.context;

import io.golib.chan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/**
 * A context carrying one key-value pair ({@link Context#withValue}); everything else is its
 * parent's. Port of go1.22 context/context.go: {@code valueCtx}, {@code value} (the lookup loop
 * over golib's own context types), {@code stringify}. Immutable.
 */
final class ValueCtx implements Context {
    /** The parent. Immutable. */
    final Context parent;
    /** The key, compared by identity. Immutable. */
    final Key<?> key;
    /** The value, possibly null. Immutable. */
    final Object val;

    ValueCtx(Context parent, Key<?> key, Object val) {
        this.parent = parent;
        this.key = key;
        this.val = val;
    }

    @Override
    public RecvChan<?> done() {
        return parent.done();
    }

    @Override
    public ContextError err() {
        return parent.err();
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V value(Key<V> key) {
        return (V) lookup(this, key);
    }

    /**
     * Go's {@code value(c, key)}: walks up the chain of golib contexts in a loop (no recursion,
     * however deep the chain), answering {@code key} at the first value context that holds it;
     * a {@link CancelCtx} answers {@link CancelCtx#CANCEL_CTX_KEY} with itself (Go's
     * {@code &cancelCtxKey}); another implementation answers for the rest of its chain.
     */
    static Object lookup(Context c, Key<?> key) {
        for (;;) {
            if (c instanceof ValueCtx) {
                ValueCtx v = (ValueCtx) c;
                if (v.key == key) {
                    return v.val;
                }
                c = v.parent;
            } else if (c instanceof CancelCtx) {
                if (key == CancelCtx.CANCEL_CTX_KEY) {
                    return c;
                }
                c = ((CancelCtx) c).parent;
            } else if (c instanceof EmptyCtx) {
                return null;
            } else {
                return c.value(key);
            }
        }
    }

    /** Go's {@code contextName(c.Context) + ".WithValue(" + ...}: key name and value. */
    @Override
    public String toString() {
        return parent + ".WithValue(" + key + ", " + (val == null ? "<nil>" : val) + ")";
    }
}
