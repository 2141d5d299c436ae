package io.golib.runtime.sched;

import io.golib.GoCallable;
import io.golib.GoRunnable;

/**
 * The main goroutine of a {@code Go.run}: a {@link G} whose end (or deadlock) completes the
 * waiter of the thread that called {@code run}. A subclass rather than a field on every G, since
 * all but a few goroutines are not main ones and a parked goroutine's memory is mostly fields.
 */
final class MainG extends G {
    /** Immutable. */
    final MainWaiter waiter;

    MainG(long id, GoRunnable body, MainWaiter waiter) {
        super(id, body);
        this.waiter = waiter;
    }

    MainG(long id, GoCallable<?> body, MainWaiter waiter) {
        super(id, body);
        this.waiter = waiter;
    }
}
