package io.golib.runtime.stack;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a saved frame (its {@link FrameSite}: its class and its point) into a stack-trace element,
 * from the {@code $golib$sites} constant the transformer puts in every rewritten class:
 * lines {@code point \t method \t line}. Only for goroutine dumps; cached per class.
 */
final class SiteTable {
    private SiteTable() {}

    private static final ClassValue<Map<Integer, String[]>> TABLES = new ClassValue<>() {
        @Override
        protected Map<Integer, String[]> computeValue(Class<?> type) {
            Map<Integer, String[]> out = new HashMap<>();
            try {
                Field f = type.getDeclaredField("$golib$sites");
                f.setAccessible(true);
                for (String line : ((String) f.get(null)).split("\n")) {
                    String[] parts = line.split("\t");
                    if (parts.length == 3) {
                        out.put(Integer.parseInt(parts[0]), parts);
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // no table (or not accessible): frames show as unknown sites
            }
            return out;
        }
    };

    static StackTraceElement describe(FrameSite frame) {
        Class<?> holder = frame.holder;
        String[] site = TABLES.get(holder).get(frame.point);
        Class<?> top = holder;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        String file = top.getSimpleName() + ".java";
        if (site == null) {
            return new StackTraceElement(holder.getName(), "?", file, -1);
        }
        return new StackTraceElement(holder.getName(), site[1], file, Integer.parseInt(site[2]));
    }
}
