package io.golib.agent;

/**
 * Something the transformer must refuse, located for the user: the class, the method (name and
 * descriptor), the source line ({@code -1} if unknown) and what to do about it.
 */
public final class Problem {
    private final String className;
    private final String method;
    private final int line;
    private final String message;

    public Problem(String className, String method, int line, String message) {
        this.className = className;
        this.method = method;
        this.line = line;
        this.message = message;
    }

    /** Binary name of the class, dotted ({@code a.b.C}). */
    public String className() {
        return className;
    }

    /** Name and descriptor of the method, e.g. {@code <init>(I)V}. */
    public String method() {
        return method;
    }

    /** Source line, or {@code -1}. */
    public int line() {
        return line;
    }

    /** The reason and the fix. */
    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return className + "." + method + (line >= 0 ? " (line " + line + ")" : "") + ": " + message;
    }
}
