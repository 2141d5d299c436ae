package it;

import io.golib.GoRunnable;
import io.golib.runtime.stack.Continuation;

/** Nothing wrong here: rewritten in both builds' sense (left as compiled when the build fails). */
public final class Fine {
    private Fine() {}

    public static GoRunnable body() {
        return () -> Continuation.park();
    }
}
