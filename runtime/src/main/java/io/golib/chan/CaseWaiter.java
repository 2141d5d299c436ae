package io.golib.chan;

/**
 * The waiter of one case of a select: a goroutine (or thread) blocked in a select sits in one
 * queue per case, each through one of these, all naming the same {@link Parker}. Kept in the
 * parker's {@link SelectScratch} and reused (Go's per-P sudog cache). Fields as {@link Waiter}'s.
 */
final class CaseWaiter extends Waiter {
    /** Immutable. */
    private final Parker parker;

    CaseWaiter(Parker parker) {
        this.parker = parker;
    }

    @Override
    Parker parker() {
        return parker;
    }
}
