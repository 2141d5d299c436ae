package io.golib.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code -javaagent:golib-agent.jar}: rewrites suspendable methods as classes load. Thin: all the
 * work is {@link Transformer}'s, with one instance (and one hierarchy cache) per class loader.
 *
 * <p>Classes of the JDK, of the bootstrap loader, JVM-spun lambda classes and classes already
 * rewritten at build time pass through untouched. Problems are printed to standard error, once,
 * naming class, method, line and the fix; the class still loads, with the refused method left as
 * it was (it blocks its carrier when it parks).
 */
public final class Premain {
    private Premain() {}

    public static void premain(String args, Instrumentation inst) {
        inst.addTransformer(new Agent(Options.DEFAULT), false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        premain(args, inst);
    }

    static final class Agent implements ClassFileTransformer {
        private final Options options;
        private final Map<ClassLoader, Transformer> transformers = new WeakHashMap<>();

        Agent(Options options) {
            this.options = options;
        }

        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                ProtectionDomain domain, byte[] bytes) {
            if (loader == null || className == null || redefined != null || skip(className)) {
                return null;
            }
            try {
                Transformer.Result r = transformer(loader).transform(bytes);
                for (Problem p : r.problems()) {
                    System.err.println("golib: " + p);
                }
                return r.bytes();
            } catch (Throwable t) {
                System.err.println("golib: could not instrument " + className.replace('/', '.')
                        + "; its goroutines will block their carriers when they park: " + t);
                return null;
            }
        }

        private static boolean skip(String n) {
            return n.startsWith("java/") || n.startsWith("javax/") || n.startsWith("jdk/")
                    || n.startsWith("sun/") || n.startsWith("com/sun/")
                    || n.startsWith("io/golib/agent/") || n.contains("$$Lambda");
        }

        private synchronized Transformer transformer(ClassLoader loader) {
            return transformers.computeIfAbsent(loader,
                    l -> new Transformer(ClassSource.of(l), options));
        }
    }
}
