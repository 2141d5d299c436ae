package io.golib.runtime.stack;

/**
 * A platform thread that runs goroutines. Instrumented code finds the running goroutine's
 * {@link Stack} through it: {@code Thread.currentThread()} is an intrinsic, so the lookup is a
 * type check and a field load, with no {@code ThreadLocal}.
 *
 * <p>{@link #stack} is written only by this thread (when it starts and stops running a
 * continuation) and read only by this thread.
 */
public class Carrier extends Thread {
    /** The stack of the continuation this carrier is running, or {@code null}. Owner thread only. */
    Stack stack;
    /** Return registers of the goroutines it runs (see {@link Stack}). Owner thread only. */
    final Registers registers = new Registers();

    /** A carrier that runs {@code task}, with a reserved Java stack of {@code stackSize} bytes. */
    public Carrier(ThreadGroup group, Runnable task, String name, long stackSize) {
        super(group, task, name, stackSize);
    }
}
