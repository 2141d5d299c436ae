package io.golib.agent.transform;

import io.golib.agent.Options;
import io.golib.agent.Problem;
import io.golib.agent.Transformer;
import io.golib.agent.analysis.Hierarchy;
import io.golib.agent.analysis.TypedInterpreter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites one class: decides cheaply whether it can contain anything suspendable, finds its
 * suspendable methods, rewrites each ({@link MethodRewriter}), adds the resume dispatcher and the
 * {@code @Instrumented} marker, and writes the class with frames computed from the
 * {@link Hierarchy}.
 *
 * <p>Suspendable methods: those annotated {@code @Goroutine}, listed in the processor's index, or
 * overriding such a method; and bodies of lambdas and method references (in this class) created
 * for a suspendable functional interface. Suspension points: calls to suspendable methods.
 */
public final class ClassRewriter {
    private ClassRewriter() {}

    private static final byte[] GOLIB = "io/golib/".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MARKER =
            Abi.INSTRUMENTED_DESC.getBytes(StandardCharsets.UTF_8);

    /** What a method rewriter needs to know about its class. */
    static final class Context {
        final String name;
        final boolean isInterface;
        final Options options;
        final Hierarchy hierarchy;
        private final ClassNode node;

        Context(ClassNode node, Options options, Hierarchy hierarchy) {
            this.node = node;
            this.name = node.name;
            this.isInterface = (node.access & Opcodes.ACC_INTERFACE) != 0;
            this.options = options;
            this.hierarchy = hierarchy;
        }

        TypedInterpreter interpreter() {
            List<Type> itfs = new ArrayList<>();
            for (String i : node.interfaces) {
                itfs.add(Type.getObjectType(i));
            }
            return new TypedInterpreter(hierarchy, Type.getObjectType(name),
                    node.superName == null ? null : Type.getObjectType(node.superName), itfs,
                    isInterface);
        }
    }

    /** Whether the class file carries golib's {@code @Instrumented} marker. */
    public static boolean isInstrumented(byte[] classFile) {
        return contains(classFile, MARKER);
    }

    public static Transformer.Result rewrite(byte[] classFile, Hierarchy hierarchy,
            Options options) {
        Transformer.Result unchanged = new Transformer.Result(null, List.of(), 0);
        // One scan answers two questions: the marker's descriptor contains "io/golib/" too.
        int golib = indexOf(classFile, GOLIB, 0);
        if (golib >= 0 && indexOf(classFile, MARKER, golib - 1) >= 0) {
            return unchanged;
        }
        ClassReader reader = new ClassReader(classFile);
        String name = reader.getClassName();
        if (name.startsWith("io/golib/runtime/stack/") || name.startsWith("io/golib/agent/")) {
            return unchanged;
        }
        if (!options.suspendEverything() && golib < 0 && !inheritsSuspendables(reader, hierarchy)) {
            return unchanged;
        }
        ClassNode node = new ClassNode();
        reader.accept(node, ClassReader.SKIP_FRAMES);
        if ((node.version & 0xffff) < Opcodes.V1_8) {
            return unchanged; // before Java 8: no private interface methods, no lambdas
        }
        hierarchy.seed(Hierarchy.read(classFile));
        List<Problem> problems = new ArrayList<>();
        Set<String> excluded = new HashSet<>();
        Set<String> unmined = new HashSet<>();
        while (true) {
            ClassNode work = new ClassNode();
            reader.accept(work, ClassReader.SKIP_FRAMES);
            problems.clear();
            int[] count = new int[1];
            boolean touched = rewriteMethods(work, hierarchy, options, problems, excluded, unmined,
                    count);
            if (!touched) {
                return new Transformer.Result(null, problems, 0);
            }
            try {
                return new Transformer.Result(write(work, hierarchy), problems, count[0]);
            } catch (MethodTooLargeException e) {
                String key = e.getMethodName() + e.getDescriptor();
                // first without strip mining (its code costs ~40 bytes a loop), then pinned
                if (!unmined.add(key) && !excluded.add(key)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Rewrites the suspendable methods of {@code node} in place. Returns whether the class
     * declares anything suspendable (and so gets the marker).
     */
    private static boolean rewriteMethods(ClassNode node, Hierarchy hierarchy, Options options,
            List<Problem> problems, Set<String> excluded, Set<String> unmined, int[] count) {
        Context ctx = new Context(node, options, hierarchy);
        if (!options.suspendEverything()) {
            MethodRefForwarders.apply(node, hierarchy);
        }
        Map<String, Set<Integer>> lambdaKeys = lambdaBodies(node, hierarchy);
        boolean usesGolibFaces = callsGolibFaceUsers(node);
        Predicate<AbstractInsnNode> isCall = insn -> {
            if (!(insn instanceof MethodInsnNode)) {
                return false;
            }
            MethodInsnNode mi = (MethodInsnNode) insn;
            if (mi.name.equals("<init>")) {
                return false;
            }
            if (usesGolibFaces && mi.owner.startsWith("java/util/")
                    && Abi.JDK_FACES.contains(mi.owner + '.' + mi.name + mi.desc)) {
                return true;
            }
            return options.suspendEverything()
                    || hierarchy.isSuspendable(mi.owner, mi.name, mi.desc);
        };
        boolean suspendable = false;
        List<MethodNode> rewritten = new ArrayList<>();
        StringBuilder sites = new StringBuilder();
        for (MethodNode m : node.methods) {
            if ((m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                continue;
            }
            if (m.name.equals("<init>") || m.name.equals("<clinit>")) {
                if (!options.suspendEverything()) {
                    reportCallsIn(node, m, isCall, problems);
                }
                continue;
            }
            Set<Integer> samKeys = lambdaKeys.get(m.name + m.desc);
            boolean isSuspendable = options.suspendEverything() || samKeys != null
                    || annotated(m)
                    || hierarchy.isSuspendable(node.name, m.name, m.desc)
                    || ((m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0
                            && hierarchy.overridesSuspendable(node.superName, node.interfaces,
                                    m.name, m.desc));
            if (!isSuspendable) {
                continue;
            }
            suspendable = true;
            if (excluded.contains(m.name + m.desc)) {
                problems.add(problem(node, m, -1, "the method would exceed the JVM's 64 KiB code"
                        + " limit once rewritten; it runs pinned (blocks its carrier when it"
                        + " parks). Split it into smaller methods."));
                continue;
            }
            List<Integer> keys = new ArrayList<>();
            keys.add(Abi.key(m.name, m.desc));
            if (samKeys != null) {
                keys.addAll(samKeys);
            }
            int[] accepted = keys.stream().distinct().mapToInt(Integer::intValue).toArray();
            MethodNode backup = copy(m);
            try {
                MethodRewriter mr = new MethodRewriter(ctx, m, rewritten.size(), accepted, isCall,
                        options.stripMining() && !unmined.contains(m.name + m.desc));
                if (mr.rewrite()) {
                    rewritten.add(m);
                    sites.append(mr.siteTable());
                }
            } catch (MethodRewriter.RewriteException e) {
                restore(m, backup);
                problems.add(problem(node, m, e.line, e.getMessage()
                        + "; the method runs pinned (blocks its carrier when it parks)"));
            }
        }
        if (!suspendable) {
            return false;
        }
        count[0] = rewritten.size();
        if (!rewritten.isEmpty()) {
            node.methods.add(dispatcher(ctx, rewritten));
            // a compile-time constant: set by the JVM at preparation, no initializer runs
            String table = sites.length() > 60000 ? sites.substring(0, 60000) : sites.toString();
            int access = (ctx.isInterface ? Opcodes.ACC_PUBLIC : Opcodes.ACC_PRIVATE)
                    | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC;
            node.fields.add(new org.objectweb.asm.tree.FieldNode(access,
                    Abi.SITES, "Ljava/lang/String;", null, table));
        }
        if (node.visibleAnnotations == null) {
            node.visibleAnnotations = new ArrayList<>();
        }
        AnnotationNode marker = new AnnotationNode(Abi.INSTRUMENTED_DESC);
        marker.values = new ArrayList<>(List.of("value", Abi.VERSION));
        node.visibleAnnotations.add(marker);
        return true;
    }

    /**
     * Whether the class calls a method of golib's channels, sync or context
     * ({@link Abi#GOLIB_FACE_USERS}), which turns {@link Abi#JDK_FACES} into suspension points:
     * javac compiles {@code for (T v : ch)} to {@code ch.iterator()} and then
     * {@code java/util/Iterator.hasNext/next}, and {@code Lock l = new Mutex(); l.lock()} to
     * {@code java/util/concurrent/locks/Lock.lock}, whose owners say nothing about golib.
     */
    private static boolean callsGolibFaceUsers(ClassNode node) {
        for (MethodNode m : node.methods) {
            for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
                if (i instanceof MethodInsnNode) {
                    String owner = ((MethodInsnNode) i).owner;
                    for (String p : Abi.GOLIB_FACE_USERS) {
                        if (owner.startsWith(p)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean annotated(MethodNode m) {
        if (m.visibleAnnotations != null) {
            for (AnnotationNode a : m.visibleAnnotations) {
                if (a.desc.equals(Abi.GOROUTINE_DESC)) {
                    return true;
                }
            }
        }
        if (m.invisibleAnnotations != null) {
            for (AnnotationNode a : m.invisibleAnnotations) {
                if (a.desc.equals(Abi.GOROUTINE_DESC) || a.desc.equals(Abi.GOMAIN_DESC)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Methods of this class that are bodies of lambdas or method references created for a
     * suspendable functional interface, with the keys of the interface methods they implement:
     * the JVM-spun lambda class forwards the interface call to them, so they accept its key.
     */
    private static Map<String, Set<Integer>> lambdaBodies(ClassNode node, Hierarchy hierarchy) {
        Map<String, Set<Integer>> out = new HashMap<>();
        for (SuspendableLambdas.Site site : SuspendableLambdas.of(node, hierarchy)) {
            if (site.impl.getOwner().equals(node.name)) {
                out.computeIfAbsent(site.impl.getName() + site.impl.getDesc(),
                        k -> new HashSet<>()).add(site.samKey);
            }
        }
        return out;
    }

    private static void reportCallsIn(ClassNode node, MethodNode m,
            Predicate<AbstractInsnNode> isCall, List<Problem> problems) {
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (isCall.test(i)) {
                MethodInsnNode mi = (MethodInsnNode) i;
                String where = m.name.equals("<init>") ? "a constructor" : "a static initializer";
                problems.add(problem(node, m, MethodRewriter.lineOf(i), "calls suspendable method "
                        + mi.owner.replace('/', '.') + "." + mi.name + " inside " + where
                        + ", which cannot be resumed: the call blocks its thread instead of"
                        + " parking. Move it into a method (for example a static factory), or"
                        + " pass its result to the constructor: `new X(" + mi.name
                        + "(...))` works."));
            }
        }
    }

    private static Problem problem(ClassNode node, MethodNode m, int line, String message) {
        return new Problem(node.name.replace('/', '.'), m.name + m.desc, line, message);
    }

    private static MethodNode copy(MethodNode m) {
        MethodNode c = new MethodNode(Opcodes.ASM9, m.access, m.name, m.desc, m.signature,
                m.exceptions == null ? null : m.exceptions.toArray(new String[0]));
        m.accept(c);
        return c;
    }

    private static void restore(MethodNode m, MethodNode backup) {
        m.instructions = backup.instructions;
        m.tryCatchBlocks = backup.tryCatchBlocks;
        m.localVariables = backup.localVariables;
        m.maxLocals = backup.maxLocals;
        m.maxStack = backup.maxStack;
        m.visibleLocalVariableAnnotations = backup.visibleLocalVariableAnnotations;
        m.invisibleLocalVariableAnnotations = backup.invisibleLocalVariableAnnotations;
    }

    /**
     * {@code private static synthetic void $golib$resume(Stack s, Object self, int point)}:
     * calls rewritten method {@code point >>> 16} directly (never through virtual dispatch) with
     * dummy arguments, and stores its result in the stack's return registers. Its prologue,
     * seeing {@code RESUME}, restores the real locals.
     */
    private static MethodNode dispatcher(Context ctx, List<MethodNode> methods) {
        MethodNode d = new MethodNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC
                | Opcodes.ACC_SYNTHETIC, Abi.DISPATCHER, Abi.DISPATCHER_DESC, null, null);
        InsnList c = d.instructions;
        LabelNode bad = new LabelNode();
        LabelNode[] cases = new LabelNode[methods.size()];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = new LabelNode();
        }
        c.add(new VarInsnNode(Opcodes.ILOAD, 2));
        c.add(new LdcInsnNode(16));
        c.add(new InsnNode(Opcodes.IUSHR));
        c.add(new TableSwitchInsnNode(0, cases.length - 1, bad, cases));
        for (int i = 0; i < cases.length; i++) {
            MethodNode m = methods.get(i);
            boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
            Type ret = Type.getReturnType(m.desc);
            c.add(cases[i]);
            if (ret.getSort() != Type.VOID) {
                c.add(new VarInsnNode(Opcodes.ALOAD, 0));
            }
            if (!isStatic) {
                c.add(new VarInsnNode(Opcodes.ALOAD, 1));
                c.add(new TypeInsnNode(Opcodes.CHECKCAST, ctx.name));
            }
            for (Type a : Type.getArgumentTypes(m.desc)) {
                c.add(zero(a));
            }
            c.add(new MethodInsnNode(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL,
                    ctx.name, m.name, m.desc, ctx.isInterface));
            if (ret.getSort() != Type.VOID) {
                char kind = Abi.kind(ret);
                c.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Abi.STACK, "setRet" + kind,
                        "(" + Abi.kindDesc(kind) + ")V"));
            }
            c.add(new InsnNode(Opcodes.RETURN));
        }
        c.add(bad);
        c.add(new VarInsnNode(Opcodes.ILOAD, 2));
        c.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Abi.STACK, Abi.BAD_RESUME_POINT,
                Abi.BAD_RESUME_POINT_DESC));
        c.add(new InsnNode(Opcodes.ATHROW));
        return d;
    }

    private static AbstractInsnNode zero(Type t) {
        switch (t.getSort()) {
            case Type.LONG:
                return new InsnNode(Opcodes.LCONST_0);
            case Type.FLOAT:
                return new InsnNode(Opcodes.FCONST_0);
            case Type.DOUBLE:
                return new InsnNode(Opcodes.DCONST_0);
            case Type.OBJECT:
            case Type.ARRAY:
                return new InsnNode(Opcodes.ACONST_NULL);
            default:
                return new InsnNode(Opcodes.ICONST_0);
        }
    }

    private static byte[] write(ClassNode node, Hierarchy hierarchy) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return hierarchy.commonSuperClass(a, b);
            }
        };
        node.accept(w);
        return w.toByteArray();
    }

    /**
     * The cheap test for a class that does not mention golib: named in the index, or a supertype
     * with suspendable methods, gets a closer look; everything else (most of the JDK and of
     * third-party libraries) comes back untouched without a tree.
     */
    private static boolean inheritsSuspendables(ClassReader reader, Hierarchy hierarchy) {
        String name = reader.getClassName();
        if (hierarchy.indexMentions(name)) {
            return true;
        }
        String sup = reader.getSuperName();
        if (sup != null && hierarchy.hasSuspendables(sup)) {
            return true;
        }
        for (String itf : reader.getInterfaces()) {
            if (hierarchy.hasSuspendables(itf)) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0) >= 0;
    }

    /** First index of {@code needle} at or after {@code from}, or -1. */
    static int indexOf(byte[] haystack, byte[] needle, int from) {
        byte first = needle[0];
        outer:
        for (int i = Math.max(0, from), n = haystack.length - needle.length; i <= n; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
