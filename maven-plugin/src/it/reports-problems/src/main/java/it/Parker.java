package it;

import io.golib.runtime.stack.Continuation;

/** A constructor cannot be resumed, so a park inside one is refused (verify.groovy names line 9). */
public final class Parker {
    public Parker() {
        try {
            Continuation.park();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
