package io.golib.runtime.stack;

/**
 * A broken invariant of the continuation machinery: a bug in golib, never a user mistake.
 * Messages start with the method that found it. Never caught by golib.
 */
public final class StackFault extends Error {
    private static final long serialVersionUID = 1L;

    StackFault(String message) {
        super(message);
    }
}
