package io.golib.tests.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.agent.transform.Abi;
import io.golib.runtime.stack.CallKey;
import io.golib.runtime.stack.Stack;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * The agent spells the runtime's names and descriptors as strings (it does not depend on the
 * runtime). Every name it emits must exist with that exact descriptor, and both sides must
 * compute the same call keys.
 */
class AbiTest {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();

    private static Class<?> type(String internalName) throws ClassNotFoundException {
        return Class.forName(internalName.replace('/', '.'));
    }

    private static void virtual(String owner, String name, String desc) throws Exception {
        Class<?> c = type(owner);
        LOOKUP.findVirtual(c, name, MethodType.fromMethodDescriptorString(desc, c.getClassLoader()));
    }

    private static void statik(String owner, String name, String desc) throws Exception {
        Class<?> c = type(owner);
        LOOKUP.findStatic(c, name, MethodType.fromMethodDescriptorString(desc, c.getClassLoader()));
    }

    @Test
    void everyEmittedMemberExists() throws Exception {
        statik(Abi.STACK, Abi.CURRENT, Abi.CURRENT_DESC);
        virtual(Abi.STACK, Abi.BEGIN_FRAME, Abi.BEGIN_FRAME_DESC);
        virtual(Abi.STACK, Abi.RESUME_POINT, "()I");
        virtual(Abi.STACK, Abi.END_RESTORE, "()V");
        virtual(Abi.STACK, Abi.TAKE_THROWN, "()Ljava/lang/Throwable;");
        virtual(Abi.STACK, Abi.REWIND, "()V");
        statik(Abi.STACK, Abi.BAD_RESUME_POINT, Abi.BAD_RESUME_POINT_DESC);
        for (char k : new char[] {'I', 'J', 'F', 'D', 'A'}) {
            String d = Abi.kindDesc(k);
            virtual(Abi.STACK, "save" + k, "(" + d + ")V");
            virtual(Abi.STACK, "restore" + k, "()" + d);
            virtual(Abi.STACK, "setRet" + k, "(" + d + ")V");
            virtual(Abi.STACK, "ret" + k, "()" + d);
        }
        statik(Abi.CONTINUATION, Abi.YIELD, Abi.YIELD_DESC);
        statik(Abi.FRAME_SITE, Abi.FRAME_SITE_BOOTSTRAP, Abi.FRAME_SITE_BOOTSTRAP_DESC);
        // FrameSite's bootstrap makes each class's ResumeEntry from its dispatcher
        Class<?> entry = type(Abi.RESUME_ENTRY);
        assertTrue(entry.isInterface());
        LOOKUP.findVirtual(entry, Abi.RESUME_METHOD,
                MethodType.fromMethodDescriptorString(Abi.DISPATCHER_DESC, entry.getClassLoader()));
    }

    @Test
    void fieldsAndConstantsAgree() throws Exception {
        Field signal = Stack.class.getField(Abi.SIGNAL);
        assertEquals(int.class, signal.getType());
        Field preempt = Stack.class.getField(Abi.PREEMPT);
        assertEquals(boolean.class, preempt.getType());
        assertTrue(Modifier.isVolatile(preempt.getModifiers()), "preempt must be volatile");
        assertEquals(Stack.IDLE, Abi.IDLE);
        assertEquals(Stack.UNWIND, Abi.UNWIND);
        assertEquals(Stack.RESUME, Abi.RESUME);
        assertEquals(Stack.ABI_VERSION, Abi.VERSION);
    }

    /**
     * The processor spells the agent's JDK faces too (it does not warn on {@code @Goroutine}
     * overrides of methods whose calls the agent arms): the two lists must name the same methods.
     */
    @Test
    void jdkFacesAgreeWithTheProcessor() {
        java.util.Set<String> agent = new java.util.TreeSet<>();
        for (String face : Abi.JDK_FACES) { // "java/util/Iterator.hasNext()Z"
            agent.add(face.substring(0, face.indexOf('(')).replace('/', '.').replace('$', '.'));
        }
        assertEquals(new java.util.TreeSet<>(io.golib.processor.model.GolibNames.JDK_FACES),
                agent);
    }

    @Test
    void callKeysAgree() {
        String[][] samples = {{"run", "()V"}, {"call", "()Ljava/lang/Object;"}, {"park", "()V"},
            {"", ""}, {"x", "(IJ[Ljava/lang/String;)D"}, {"lambda$main$0", "(I)V"}};
        for (String[] s : samples) {
            int k = CallKey.of(s[0], s[1]);
            assertEquals(k, Abi.key(s[0], s[1]), s[0] + s[1]);
            assertTrue(k > 0, "keys are positive: " + s[0] + s[1]);
        }
    }
}
