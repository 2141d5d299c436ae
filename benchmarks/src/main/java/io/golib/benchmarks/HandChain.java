package io.golib.benchmarks;

import io.golib.runtime.stack.Stack;

/**
 * {@link GoChain}'s fast path written by hand, in three cumulative layers, to attribute its cost
 * ({@link FastPathAnatomyBench}). Not annotated, so the agent leaves this class alone; every
 * method runs only what the rewritten method runs when nothing parks (the unwind and resume paths
 * are replaced by a throw, which the JIT moves out of line as it does theirs):
 * <ol>
 *   <li>{@code cur*}: the prologue's stack lookup ({@code Stack.current()}) and one read of
 *       {@code signal} to keep it alive;</li>
 *   <li>{@code read*}: plus the prologue's and the post-call check's reads of {@code signal},
 *       with no stores;</li>
 *   <li>{@code full*}: the whole protocol as ClassRewriter emits it (prologue: read the key,
 *       clear {@code signal}; call site: arm the callee's key; after the call: check for
 *       {@code UNWIND}, clear).</li>
 * </ol>
 * Plus {@link #viaPlainFrame}: the real rewritten chain entered through a frame that is not
 * rewritten, so the caller's side of the first call (arm, check) is absent.
 *
 * <p>Invariant: the arithmetic is GoChain's, unchanged. Keys are arbitrary non-zero constants, as
 * CallKey's are.
 */
final class HandChain {
    private HandChain() {}

    private static final int KA = 1266144, KB = 1266175, KC = 1266206, KD = 1266237, KE = 1266268;

    // ---- 1. lookup only ------------------------------------------------------------------

    static int curA(int x) {
        Stack s = Stack.current();
        if (s != null && s.signal == Stack.RESUME) {
            throw new IllegalStateException();
        }
        return curB(x * 31 + 7) ^ x;
    }

    static int curB(int x) {
        Stack s = Stack.current();
        if (s != null && s.signal == Stack.RESUME) {
            throw new IllegalStateException();
        }
        return curC(x + 0x5bd1e995) * 3;
    }

    static int curC(int x) {
        Stack s = Stack.current();
        if (s != null && s.signal == Stack.RESUME) {
            throw new IllegalStateException();
        }
        return curD(x ^ (x >>> 13)) + x;
    }

    static int curD(int x) {
        Stack s = Stack.current();
        if (s != null && s.signal == Stack.RESUME) {
            throw new IllegalStateException();
        }
        return curE(x * 0x27d4eb2d) - 1;
    }

    static int curE(int x) {
        return x ^ (x >>> 15);
    }

    // ---- 2. lookup + the protocol's reads, no stores ---------------------------------------

    static int readA(int x) {
        Stack s = Stack.current();
        prologueRead(s, KA);
        int r = readB(x * 31 + 7);
        postCallRead(s);
        return r ^ x;
    }

    static int readB(int x) {
        Stack s = Stack.current();
        prologueRead(s, KB);
        int r = readC(x + 0x5bd1e995);
        postCallRead(s);
        return r * 3;
    }

    static int readC(int x) {
        Stack s = Stack.current();
        prologueRead(s, KC);
        int r = readD(x ^ (x >>> 13));
        postCallRead(s);
        return r + x;
    }

    static int readD(int x) {
        Stack s = Stack.current();
        prologueRead(s, KD);
        int r = readE(x * 0x27d4eb2d);
        postCallRead(s);
        return r - 1;
    }

    static int readE(int x) {
        return x ^ (x >>> 15);
    }

    private static void prologueRead(Stack s, int key) {
        if (s != null) {
            int sig = s.signal;
            if (sig != key && sig == Stack.RESUME) {
                throw new IllegalStateException();
            }
        }
    }

    private static void postCallRead(Stack s) {
        if (s != null && s.signal != 0 && s.signal == Stack.UNWIND) {
            throw new IllegalStateException();
        }
    }

    // ---- 3. the full protocol --------------------------------------------------------------

    static int fullA(int x) {
        Stack s = Stack.current();
        prologue(s, KA);
        int arg = x * 31 + 7;
        arm(s, KB);
        int r = fullB(arg);
        postCall(s);
        return r ^ x;
    }

    static int fullB(int x) {
        Stack s = Stack.current();
        prologue(s, KB);
        int arg = x + 0x5bd1e995;
        arm(s, KC);
        int r = fullC(arg);
        postCall(s);
        return r * 3;
    }

    static int fullC(int x) {
        Stack s = Stack.current();
        prologue(s, KC);
        int arg = x ^ (x >>> 13);
        arm(s, KD);
        int r = fullD(arg);
        postCall(s);
        return r + x;
    }

    static int fullD(int x) {
        Stack s = Stack.current();
        prologue(s, KD);
        int arg = x * 0x27d4eb2d;
        arm(s, KE);
        int r = fullE(arg);
        postCall(s);
        return r - 1;
    }

    /** GoChain.e calls nothing: the transformer leaves it as written. */
    static int fullE(int x) {
        return x ^ (x >>> 15);
    }

    private static void prologue(Stack s, int key) {
        if (s != null) {
            int sig = s.signal;
            if (sig != key && sig == Stack.RESUME) {
                throw new IllegalStateException();
            }
            s.signal = Stack.IDLE;
        }
    }

    private static void arm(Stack s, int key) {
        if (s != null) {
            s.signal = key;
        }
    }

    private static void postCall(Stack s) {
        if (s != null && s.signal != 0) {
            if (s.signal == Stack.UNWIND) {
                throw new IllegalStateException();
            }
            s.signal = Stack.IDLE;
        }
    }

    // ---- 4. the rewritten chain, from a plain frame ------------------------------------------

    /** Not a suspension point here: this class is not rewritten; GoChain.a sees no key (pinned entry). */
    static int viaPlainFrame(int x) {
        return GoChain.a(x);
    }
}
