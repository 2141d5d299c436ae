package io.golib.runtime.stack;

/**
 * Re-enters one rewritten method of one class at a saved call site.
 *
 * <p>The transformer gives every rewritten class a private static dispatcher
 * {@code $golib$resume(Stack, Object, int)}; the first {@link FrameSite} of the class to link
 * makes one instance of this interface for it with {@code LambdaMetafactory}, shared by all the
 * class's sites, so a saved frame can be resumed without
 * reflection and without virtual dispatch picking an override: the dispatcher calls the exact
 * method ({@code invokespecial}/{@code invokestatic}) with dummy arguments, and the method's
 * prologue, seeing {@link Stack#RESUME}, restores its locals from the heap frame.
 */
@FunctionalInterface
public interface ResumeEntry {
    /**
     * Resumes the frame on top of {@code stack}: calls the method numbered {@code point >>> 16}
     * on {@code self} (ignored for static methods) and stores its result in the stack's return
     * registers.
     */
    void resume(Stack stack, Object self, int point);
}
