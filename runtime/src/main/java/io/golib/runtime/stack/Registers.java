package io.golib.runtime.stack;

/**
 * The return registers of a thread that runs goroutines: a resumed frame's result (or exception),
 * held from the moment it returns until its saved caller, restored next on the same thread,
 * takes it. They are per thread, not per goroutine, because they are never live across a park:
 * a parked goroutine does not pay for them.
 *
 * <p>One per {@link Carrier}, and one per other thread that ever ran a continuation. Owner thread
 * only.
 */
final class Registers {
    long prim;
    Object ref;
    Throwable thrown;

    /** The registers of the running thread, which is running a continuation. */
    static Registers current() {
        Thread t = Thread.currentThread();
        if (t instanceof Carrier) {
            return ((Carrier) t).registers;
        }
        return Stack.FOREIGN.get().registers;
    }
}
