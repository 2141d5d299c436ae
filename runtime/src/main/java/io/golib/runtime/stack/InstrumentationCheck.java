package io.golib.runtime.stack;

/**
 * Fails fast when golib code runs with no instrumentation at all: a goroutine body whose class was
 * not rewritten would otherwise block its carrier at every park, silently. Cached per class.
 */
final class InstrumentationCheck {
    private InstrumentationCheck() {}

    private static final ClassValue<Boolean> REWRITTEN = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return bodyHolder(type).isAnnotationPresent(Instrumented.class);
        }
    };

    /**
     * The class that holds the body's code. A lambda's class is spun by the JVM, named after the
     * class that defines the lambda ({@code Outer$Inner$$Lambda/0x...}); its nest host would be
     * the outermost class instead.
     */
    static Class<?> bodyHolder(Class<?> type) {
        if (!type.isHidden()) {
            return type;
        }
        String name = type.getName();
        int cut = name.indexOf("$$Lambda");
        if (cut > 0) {
            try {
                return Class.forName(name.substring(0, cut), false, type.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // fall through to the nest host
            }
        }
        return type.getNestHost();
    }

    static void require(Class<?> bodyClass) {
        if (!REWRITTEN.get(bodyClass)) {
            throw new IllegalStateException("golib: " + bodyHolder(bodyClass).getName()
                    + " was not instrumented, so its goroutines cannot park. Run with"
                    + " -javaagent:golib-agent.jar, or rewrite the classes at build time with"
                    + " io.golib:golib-maven-plugin (goals instrument and instrument-tests; it runs"
                    + " at process-classes, so classes built by `mvn compile` or an IDE alone are"
                    + " not rewritten: build with `mvn package`, or use the agent).");
        }
    }
}
