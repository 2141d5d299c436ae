package io.golib.tests.corpus;

/**
 * Forces the JVM to link, and so verify (JVMS §5.4.1), a class without initializing it (no static
 * initializer runs: corpus code must not execute, and rewritten code needs no continuation to be
 * verified).
 *
 * <p>How: {@code Class.forName(name, false, loader)} loads without linking; then
 * {@link Class#getDeclaredMethods()}, because HotSpot links a class before it builds reflection
 * data ({@code JVM_GetClassDeclaredMethods} calls {@code link_class}). That this really verifies
 * is not taken on faith: {@link HarnessSelfTest} feeds it broken classes and expects a
 * {@link VerifyError}.
 *
 * <p>Reflection then resolves the parameter and return types of every method, so a class that
 * verified can still fail with {@link NoClassDefFoundError} for a type absent from the class
 * path (an optional dependency). Such failures also happen to the original bytes; callers
 * compare against that baseline.
 */
final class LinkCheck {
    private LinkCheck() {}

    /** Links {@code name} in {@code loader}; returns what was thrown, or {@code null} if it linked. */
    static Throwable link(String name, ClassLoader loader) {
        try {
            Class<?> c = Class.forName(name, false, loader);
            c.getDeclaredMethods();
            return null;
        } catch (LinkageError | ClassNotFoundException | TypeNotPresentException e) {
            return e;
        }
    }

    /**
     * Whether {@code t} says the class file itself is bad (as opposed to something missing from
     * the class path): these are the errors a transformer can cause.
     */
    static boolean isBadClassFile(Throwable t) {
        return t instanceof VerifyError
                || t instanceof ClassFormatError
                || t instanceof IncompatibleClassChangeError
                || t instanceof ClassCircularityError;
    }
}
