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
    public static final int VERSION = 2;

    public static final String STACK = "io/golib/runtime/stack/Stack";
    public static final String STACK_DESC = "L" + STACK + ";";
    public static final String CONTINUATION = "io/golib/runtime/stack/Continuation";
    /** The interface the dispatcher of every rewritten class implements (built at run time). */
    public static final String RESUME_ENTRY = "io/golib/runtime/stack/ResumeEntry";
    public static final String FRAME_SITE = "io/golib/runtime/stack/FrameSite";
    public static final String FRAME_SITE_DESC = "L" + FRAME_SITE + ";";
    /** A call site's {@code FrameSite}, loaded by {@code invokedynamic} with this bootstrap. */
    public static final String FRAME_SITE_BOOTSTRAP = "bootstrap";
    public static final String FRAME_SITE_BOOTSTRAP_DESC = "(Ljava/lang/invoke/MethodHandles$Lookup;"
            + "Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;IIII)"
            + "Ljava/lang/invoke/CallSite;";
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
    public static final String BEGIN_FRAME_DESC = "(" + FRAME_SITE_DESC + "Ljava/lang/Object;II)V";
    public static final String RESUME_POINT = "resumePoint";
    public static final String END_RESTORE = "endRestore";
    public static final String TAKE_THROWN = "takeThrown";
    public static final String REWIND = "rewind";
    public static final String BAD_RESUME_POINT = "badResumePoint";
    public static final String BAD_RESUME_POINT_DESC = "(I)Lio/golib/runtime/stack/StackFault;";

    /** The dispatcher every rewritten class gets, and the {@link #RESUME_ENTRY} method it
     *  implements. */
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
     * JDK interface methods that golib types implement with {@code @Goroutine} methods:
     * {@code Iterator.hasNext/next} (a channel's iterator: {@code for (T v : ch)}; a primitive
     * channel's {@code PrimitiveIterator.OfInt}, whose {@code nextInt} and boxed {@code next}
     * callers may also call directly),
     * {@code Lock.lock/lockInterruptibly} ({@code Mutex}, {@code RWMutex}'s views) and
     * {@code Condition.await} ({@code Cond}). A call through the JDK interface names no golib
     * type, so in a class that uses golib's channels or sync ({@link #GOLIB_FACE_USERS}) these
     * calls are suspension points too: arming a call into an ordinary iterator or lock costs a
     * store and a check; not arming one into golib's would pin the goroutine when it waits.
     * Keys are {@code owner.name+desc}.
     */
    public static final java.util.Set<String> JDK_FACES = java.util.Set.of(
            "java/util/Iterator.hasNext()Z",
            "java/util/Iterator.next()Ljava/lang/Object;",
            "java/util/PrimitiveIterator$OfInt.nextInt()I",
            "java/util/PrimitiveIterator$OfInt.next()Ljava/lang/Integer;",
            "java/util/PrimitiveIterator$OfLong.nextLong()J",
            "java/util/PrimitiveIterator$OfLong.next()Ljava/lang/Long;",
            "java/util/PrimitiveIterator$OfDouble.nextDouble()D",
            "java/util/PrimitiveIterator$OfDouble.next()Ljava/lang/Double;",
            "java/util/concurrent/locks/Lock.lock()V",
            "java/util/concurrent/locks/Lock.lockInterruptibly()V",
            "java/util/concurrent/locks/Condition.await()V");
    /** Packages whose use (a call to a method owned there) turns {@link #JDK_FACES} on. */
    public static final java.util.List<String> GOLIB_FACE_USERS =
            java.util.List.of("io/golib/chan/", "io/golib/sync/", "io/golib/context/");

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
