package io.golib.runtime.sched;

/** GOMAXPROCS at start-up: {@code -Dgolib.maxprocs}, else env {@code GOMAXPROCS}, else CPUs. */
final class Procs {
    private Procs() {}

    static int initial() {
        String prop = System.getProperty("golib.maxprocs");
        if (prop != null) {
            return parse(prop, "system property golib.maxprocs");
        }
        String env = System.getenv("GOMAXPROCS");
        if (env != null && !env.isBlank()) {
            return parse(env, "environment variable GOMAXPROCS");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    static int parse(String value, String source) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("golib: " + source + " must be a positive integer,"
                    + " got \"" + value + "\"");
        }
        if (n < 1) {
            throw new IllegalArgumentException("golib: " + source
                    + " must be a positive integer, got " + n);
        }
        return n;
    }
}
