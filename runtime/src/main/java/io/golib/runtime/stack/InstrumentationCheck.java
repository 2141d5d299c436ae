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
            // A lambda's class is spun by the JVM as a nestmate of the class that holds its body.
            Class<?> host = type.isHidden() ? type.getNestHost() : type;
            return host.isAnnotationPresent(Instrumented.class);
        }
    };

    static void require(Class<?> bodyClass) {
        if (!REWRITTEN.get(bodyClass)) {
            Class<?> host = bodyClass.isHidden() ? bodyClass.getNestHost() : bodyClass;
            throw new IllegalStateException("golib: " + host.getName()
                    + " was not instrumented, so its goroutines cannot park. Run with"
                    + " -javaagent:golib-agent.jar, or rewrite the classes at build time with"
                    + " io.golib:golib-maven-plugin (goals instrument and instrument-tests).");
        }
    }
}
