package it;

import io.golib.GoRunnable;
import io.golib.runtime.stack.Continuation;

/** Nothing wrong here: rewritten even in the build that Parker fails (classes stand alone). */
public final class Fine {
    private Fine() {}

    public static GoRunnable body() {
        return () -> Continuation.park();
    }
}
