package io.golib.tests.constructs;

import io.golib.GoRunnable;
import io.golib.runtime.stack.Continuation;

/**
 * A goroutine body that {@link NotInstrumentedTest} defines as a hidden class from its class
 * file on disk: hidden classes never reach a ClassFileTransformer (no JVMTI ClassFileLoadHook),
 * so this copy is exactly what javac wrote, never rewritten. Never loaded by name.
 */
final class UninstrumentedBody implements GoRunnable {
    @Override
    public void run() {
        Continuation.park();
    }
}
