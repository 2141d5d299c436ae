package io.golib.runtime.stack;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * One call site of a rewritten method where its frame can be saved: what a saved frame's record
 * would otherwise have to repeat in every goroutine parked there (how to resume it, where, and
 * the shape of its record). A record starts with a reference to its site, so a frame whose live
 * values are all references takes no primitive slot at all, and a goroutine parked in such
 * frames needs no primitive array.
 *
 * <p>One per call site, made when the site first saves a frame: the transformer loads it with an
 * {@code invokedynamic} whose bootstrap is {@link #bootstrap} and whose constant call site then
 * hands out the same object forever (the JIT folds it). Immutable; any thread.
 */
public final class FrameSite {
    /** Re-enters methods of {@link #holder}; one per rewritten class. */
    final ResumeEntry entry;
    /** The class whose method this site is in (for dumps). */
    final Class<?> holder;
    /** {@code methodIndex << 16 | callSite}: what {@link #entry} dispatches on. */
    final int point;
    /** Whether the record has a receiver slot after the site (instance methods). */
    final boolean hasSelf;
    /** Live primitive and reference values the record holds, site and receiver not counted. */
    final int nPrims;
    final int nRefs;

    private FrameSite(ResumeEntry entry, Class<?> holder, int point, boolean hasSelf, int nPrims,
            int nRefs) {
        this.entry = entry;
        this.holder = holder;
        this.point = point;
        this.hasSelf = hasSelf;
        this.nPrims = nPrims;
        this.nRefs = nRefs;
    }

    /** Reference slots a record of this site takes. */
    int refSlots() {
        return (hasSelf ? 2 : 1) + nRefs;
    }

    private static final MethodType DISPATCHER_TYPE =
            MethodType.methodType(void.class, Stack.class, Object.class, int.class);

    /** The resume entry of each rewritten class, made by its first site to link. */
    private static final ClassValue<ResumeEntry[]> ENTRIES = new ClassValue<>() {
        @Override
        protected ResumeEntry[] computeValue(Class<?> type) {
            return new ResumeEntry[1];
        }
    };

    /**
     * The bootstrap of the transformer's {@code invokedynamic FrameSite site()} at a call site:
     * {@code dispatcher} is the class's {@code $golib$resume(Stack, Object, int)}, and the site's
     * shape is {@code (point, hasSelf, nPrims, nRefs)}.
     */
    public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type,
            MethodHandle dispatcher, int point, int hasSelf, int nPrims, int nRefs)
            throws Throwable {
        Class<?> holder = caller.lookupClass();
        FrameSite site = new FrameSite(entryOf(caller, dispatcher), holder, point, hasSelf != 0,
                nPrims, nRefs);
        return new ConstantCallSite(MethodHandles.constant(FrameSite.class, site).asType(type));
    }

    private static ResumeEntry entryOf(MethodHandles.Lookup caller, MethodHandle dispatcher)
            throws Throwable {
        ResumeEntry[] slot = ENTRIES.get(caller.lookupClass());
        synchronized (slot) {
            if (slot[0] == null) {
                slot[0] = (ResumeEntry) LambdaMetafactory.metafactory(caller, "resume",
                        MethodType.methodType(ResumeEntry.class), DISPATCHER_TYPE, dispatcher,
                        DISPATCHER_TYPE).getTarget().invoke();
            }
            return slot[0];
        }
    }
}
