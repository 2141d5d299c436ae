package io.golib.agent.transform;

/**
 * The bytecode contract between rewritten code and the runtime ({@code io.golib.runtime.stack}),
 * spelled as the names and descriptors the transformer emits. The agent does not depend on the
 * runtime at compile time (so the runtime can be rewritten by it at build time); {@code tests}
 * checks that every name here exists in the runtime with this descriptor.
 */
public final class Abi {
    private Abi() {}

    /** Bump with {@code Stack.ABI_VERSION}. */
    public static final int VERSION = 1;

    public static final String STACK = "io/golib/runtime/stack/Stack";
    public static final String STACK_DESC = "L" + STACK + ";";
    public static final String CONTINUATION = "io/golib/runtime/stack/Continuation";
    public static final String RESUME_ENTRY = "io/golib/runtime/stack/ResumeEntry";
    public static final String RESUME_ENTRY_DESC = "L" + RESUME_ENTRY + ";";
    public static final String INSTRUMENTED_DESC = "Lio/golib/runtime/stack/Instrumented;";
    public static final String GOROUTINE_DESC = "Lio/golib/Goroutine;";
    public static final String GOMAIN_DESC = "Lio/golib/GoMain;";

    /** Stack fields. */
    public static final String SIGNAL = "signal";
    public static final String PREEMPT = "preempt";
    public static final int IDLE = 0;
    public static final int UNWIND = -1;
    public static final int RESUME = -2;

    /** Stack methods. */
    public static final String CURRENT = "current";
    public static final String CURRENT_DESC = "()" + STACK_DESC;
    public static final String BEGIN_FRAME = "beginFrame";
    public static final String BEGIN_FRAME_DESC = "(" + RESUME_ENTRY_DESC + "Ljava/lang/Object;III)V";
    public static final String RESUME_POINT = "resumePoint";
    public static final String END_RESTORE = "endRestore";
    public static final String TAKE_THROWN = "takeThrown";
    public static final String REWIND = "rewind";
    public static final String BAD_RESUME_POINT = "badResumePoint";
    public static final String BAD_RESUME_POINT_DESC = "(I)Lio/golib/runtime/stack/StackFault;";

    /** The dispatcher every rewritten class gets, and the interface method it implements. */
    public static final String DISPATCHER = "$golib$resume";
    public static final String DISPATCHER_DESC = "(" + STACK_DESC + "Ljava/lang/Object;I)V";
    public static final String RESUME_METHOD = "resume";

    /** Static constant string of each rewritten class: its call sites, for goroutine dumps. */
    public static final String SITES = "$golib$sites";

    /** The safepoint: a back-edge yields through this primitive. */
    public static final String YIELD = "yieldNow";
    public static final String YIELD_DESC = "()V";

    /** Golib's own functional interfaces, known without reading their class files. */
    public static final String GO_RUNNABLE = "io/golib/GoRunnable";
    public static final String GO_CALLABLE = "io/golib/GoCallable";
    /**
     * The channel types whose {@code iterator()} returns an iterator with {@code @Goroutine}
     * {@code hasNext}/{@code next}: a class that calls it gets its {@code java/util/Iterator}
     * calls treated as suspension points, so {@code for (T v : ch)} parks instead of pinning.
     */
    public static final java.util.Set<String> CHAN_ITERABLES =
            java.util.Set.of("io/golib/chan/Chan", "io/golib/chan/RecvChan");
    public static final String ITERATOR = "java/util/Iterator";

    /** Same function as {@code io.golib.runtime.stack.CallKey.of}. */
    public static int key(String name, String desc) {
        int h = 31 * name.hashCode() + desc.hashCode();
        h &= 0x7fffffff;
        return h == 0 ? 1 : h;
    }

    /** Suffix of the typed save/restore/return-register methods for a value sort. */
    public static char kind(org.objectweb.asm.Type t) {
        switch (t.getSort()) {
            case org.objectweb.asm.Type.BOOLEAN:
            case org.objectweb.asm.Type.BYTE:
            case org.objectweb.asm.Type.CHAR:
            case org.objectweb.asm.Type.SHORT:
            case org.objectweb.asm.Type.INT:
                return 'I';
            case org.objectweb.asm.Type.LONG:
                return 'J';
            case org.objectweb.asm.Type.FLOAT:
                return 'F';
            case org.objectweb.asm.Type.DOUBLE:
                return 'D';
            default:
                return 'A';
        }
    }

    /** The JVM type a kind is passed as. */
    public static String kindDesc(char kind) {
        return kind == 'A' ? "Ljava/lang/Object;" : String.valueOf(kind);
    }
}
