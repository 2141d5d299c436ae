package io.golib.processor.generate;

import java.util.List;

/** Test hooks into the index package: its parsing, for tests in other packages. */
public final class SuspendablesIndexHooks {
    private SuspendablesIndexHooks() {}

    /** {@link SuspendablesIndex#parse}. */
    public static List<String> parse(String text) {
        return SuspendablesIndex.parse(text);
    }
}
