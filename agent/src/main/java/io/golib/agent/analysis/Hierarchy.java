package io.golib.agent.analysis;

import io.golib.agent.ClassSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the transformer knows about classes other than the one it rewrites, read from class files
 * through a {@link ClassSource} (never by loading a class): supertypes, whether a type is an
 * interface, which methods are suspendable, and the processor's index.
 *
 * <p>Thread-safe: caches are concurrent maps; a class may be read twice under a race, harmlessly.
 */
public final class Hierarchy {
    /** The resource the annotation processor writes: one suspendable method per line. */
    public static final String INDEX = "META-INF/golib/suspendables";
    static final String GOROUTINE_DESC = "Lio/golib/Goroutine;";
    /** {@code @GoMain} marks a main that runs as a goroutine: suspendable too. */
    static final String GOMAIN_DESC = "Lio/golib/GoMain;";

    private final ClassSource source;
    private final Map<String, Info> infos = new ConcurrentHashMap<>();
    private volatile Set<String> index;
    private final Map<String, Boolean> hasSuspendables = new ConcurrentHashMap<>();
    private final Map<String, Boolean> suspendable = new ConcurrentHashMap<>();

    public Hierarchy(ClassSource source) {
        this.source = source;
    }

    /** A class as far as the transformer cares. */
    public static final class Info {
        public final String name;
        public final String superName;
        public final List<String> interfaces;
        public final boolean isInterface;
        /** {@code name + desc} of the methods annotated {@code @Goroutine}. */
        public final Set<String> annotated;
        /** Descriptors of the compiler's bridge methods, by name. */
        public final Map<String, List<String>> bridges;

        Info(String name, String superName, List<String> interfaces, boolean isInterface,
                Set<String> annotated, Map<String, List<String>> bridges) {
            this.name = name;
            this.superName = superName;
            this.interfaces = interfaces;
            this.isInterface = isInterface;
            this.annotated = annotated;
            this.bridges = bridges;
        }
    }

    private static final Info MISSING = new Info("", null, List.of(), false, Set.of(), Map.of());

    /** The info of {@code internalName}, or {@code null} if its class file cannot be found. */
    public Info info(String internalName) {
        Info i = infos.get(internalName);
        if (i == null) {
            byte[] bytes = source.classBytes(internalName);
            i = bytes == null ? MISSING : read(bytes);
            infos.put(internalName, i);
        }
        return i == MISSING ? null : i;
    }

    /** Reads the info from a class file (also used for the class being rewritten). */
    public static Info read(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        Set<String> annotated = new HashSet<>();
        Map<String, List<String>> bridges = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig,
                    String[] exceptions) {
                if ((access & Opcodes.ACC_BRIDGE) != 0) {
                    bridges.computeIfAbsent(name, k -> new ArrayList<>()).add(desc);
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String d, boolean visible) {
                        if (GOROUTINE_DESC.equals(d) || GOMAIN_DESC.equals(d)) {
                            annotated.add(name + desc);
                        }
                        return null;
                    }
                };
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new Info(reader.getClassName(), reader.getSuperName(),
                List.of(reader.getInterfaces()),
                (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0,
                annotated.isEmpty() ? Set.of() : Collections.unmodifiableSet(annotated),
                bridges.isEmpty() ? Map.of() : bridges);
    }

    /** JDK types never declare suspendable methods; skip reading them for that question. */
    static boolean isJdk(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/")
                || internalName.startsWith("jdk/") || internalName.startsWith("sun/")
                || internalName.startsWith("com/sun/");
    }

    /**
     * Whether {@code owner.name desc} is suspendable: annotated {@code @Goroutine} in the owner or
     * in a supertype that declares it, or listed in the index.
     */
    public boolean isSuspendable(String owner, String name, String desc) {
        String key = owner + ' ' + name + ' ' + desc;
        Boolean b = suspendable.get(key);
        if (b == null) {
            b = index().contains(key) || declaresSuspendable(owner, name + desc, new HashSet<>())
                    || bridgedFromSuspendable(owner, name, desc);
            suspendable.put(key, b);
        }
        return b;
    }

    /**
     * Whether {@code owner.name desc} is the target of a compiler bridge that implements a
     * suspendable method: {@code class W implements GoCallable<String> { String call() }} gets a
     * bridge {@code Object call()} that overrides the suspendable {@code GoCallable.call} and
     * forwards to {@code String call()}, which must park too. A javac bridge forwards to the
     * method with the same name and the same number of parameters.
     */
    private boolean bridgedFromSuspendable(String owner, String name, String desc) {
        if (isJdk(owner)) {
            return false;
        }
        Info i = info(owner);
        if (i == null) {
            return false;
        }
        List<String> bs = i.bridges.get(name);
        if (bs == null) {
            return false;
        }
        int arity = org.objectweb.asm.Type.getArgumentTypes(desc).length;
        for (String bd : bs) {
            if (!bd.equals(desc) && org.objectweb.asm.Type.getArgumentTypes(bd).length == arity
                    && overridesSuspendable(i.superName, i.interfaces, name, bd)) {
                return true;
            }
        }
        return false;
    }

    private boolean declaresSuspendable(String type, String method, Set<String> seen) {
        if (type == null || isJdk(type) || !seen.add(type)) {
            return false;
        }
        Info i = info(type);
        if (i == null) {
            return false;
        }
        if (i.annotated.contains(method)) {
            return true;
        }
        if (declaresSuspendable(i.superName, method, seen)) {
            return true;
        }
        for (String itf : i.interfaces) {
            if (declaresSuspendable(itf, method, seen)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a method {@code name desc} declared in a class with these supertypes overrides or
     * implements a suspendable one.
     */
    public boolean overridesSuspendable(String superName, List<String> interfaces, String name,
            String desc) {
        Set<String> seen = new HashSet<>();
        String method = name + desc;
        if (declaresSuspendable(superName, method, seen)) {
            return true;
        }
        for (String itf : interfaces) {
            if (declaresSuspendable(itf, method, seen)) {
                return true;
            }
        }
        Set<String> idx = index();
        return !idx.isEmpty() && indexedInSupers(superName, interfaces, name, desc, idx);
    }

    private boolean indexedInSupers(String superName, List<String> interfaces, String name,
            String desc, Set<String> idx) {
        List<String> todo = new ArrayList<>();
        if (superName != null) {
            todo.add(superName);
        }
        todo.addAll(interfaces);
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String t = todo.remove(todo.size() - 1);
            if (isJdk(t) || !seen.add(t)) {
                continue;
            }
            if (idx.contains(t + ' ' + name + ' ' + desc)) {
                return true;
            }
            Info i = info(t);
            if (i != null) {
                if (i.superName != null) {
                    todo.add(i.superName);
                }
                todo.addAll(i.interfaces);
            }
        }
        return false;
    }

    /** Whether {@code internalName} is an interface (unknown types count as classes). */
    public boolean isInterface(String internalName) {
        Info i = info(internalName);
        return i != null && i.isInterface;
    }

    /** Whether the index lists any method of {@code owner}. */
    public boolean indexMentions(String owner) {
        Set<String> idx = index();
        if (idx.isEmpty()) {
            return false;
        }
        String prefix = owner + ' ';
        for (String e : idx) {
            if (e.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The processor's index: lines {@code owner name descriptor} (internal names), {@code #}
     * comments and blank lines ignored, from every {@link #INDEX} resource of the source.
     */
    public Set<String> index() {
        Set<String> idx = index;
        if (idx == null) {
            Set<String> read = new HashSet<>();
            for (byte[] file : source.resources(INDEX)) {
                for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
                    String l = line.trim();
                    if (!l.isEmpty() && !l.startsWith("#")) {
                        read.add(l.replaceAll("\\s+", " "));
                    }
                }
            }
            index = idx = Set.copyOf(read);
        }
        return idx;
    }

    /**
     * The most specific common superclass of two classes, for stack map frames; interfaces and
     * unknown types give {@code java/lang/Object}, as the JVM verifier treats them.
     */
    public String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (isInterface(a) || isInterface(b)) {
            return "java/lang/Object";
        }
        Set<String> ancestors = new HashSet<>();
        for (String t = a; t != null; t = superOf(t)) {
            ancestors.add(t);
        }
        for (String t = b; t != null; t = superOf(t)) {
            if (ancestors.contains(t)) {
                return t;
            }
        }
        return "java/lang/Object";
    }

    /** Whether {@code sub} is {@code sup} or a subtype of it (interfaces included). */
    public boolean isSubtype(String sub, String sup) {
        if (sub.equals(sup) || "java/lang/Object".equals(sup)) {
            return true;
        }
        List<String> todo = new ArrayList<>(List.of(sub));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String t = todo.remove(todo.size() - 1);
            if (!seen.add(t)) {
                continue;
            }
            if (t.equals(sup)) {
                return true;
            }
            Info i = info(t);
            if (i != null) {
                if (i.superName != null) {
                    todo.add(i.superName);
                }
                todo.addAll(i.interfaces);
            }
        }
        return false;
    }

    private String superOf(String t) {
        Info i = info(t);
        return i == null ? null : i.superName;
    }

    /** Records the info of a class read from bytes at hand (the class being rewritten). */
    public void seed(Info info) {
        infos.put(info.name, info);
    }

    /**
     * Whether {@code type} or one of its supertypes declares a suspendable method (annotated or
     * indexed): only then can a subclass override one. Cached.
     */
    public boolean hasSuspendables(String type) {
        Boolean b = hasSuspendables.get(type);
        if (b == null) {
            b = computeHasSuspendables(type);
            hasSuspendables.put(type, b);
        }
        return b;
    }

    private boolean computeHasSuspendables(String type) {
        if (isJdk(type)) {
            return false;
        }
        Info i = info(type);
        if (i == null) {
            return false;
        }
        if (!i.annotated.isEmpty() || indexMentions(type)) {
            return true;
        }
        if (i.superName != null && hasSuspendables(i.superName)) {
            return true;
        }
        for (String itf : i.interfaces) {
            if (hasSuspendables(itf)) {
                return true;
            }
        }
        return false;
    }
}
