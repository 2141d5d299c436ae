package io.golib.processor.generate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The index of suspendable methods as one compilation leaves it, merged with what an earlier
 * compilation into the same output left: the pure part of {@link IndexWriter}, without I/O.
 *
 * <p>Format (read by the agent's {@code Hierarchy.index()} and so by the Maven plugin): resource
 * {@value #RESOURCE}, UTF-8, one method per line, {@code <owner> <name> <descriptor>} separated by
 * single spaces, with JVM internal names and descriptors, e.g.
 * {@code com/example/Worker fetch (Ljava/lang/String;)I}. Lines starting with {@code #} and blank
 * lines are comments. Lines are written sorted, so that rebuilding unchanged sources gives a
 * byte-identical file.
 *
 * <p>Incremental compilation (only some sources recompiled into an output that already holds an
 * index) must not lose lines. The merge rule:
 * <ul>
 *   <li>a previous line whose owner belongs to a top-level class compiled now (the class itself or
 *       any class nested in it: {@code Outer}, {@code Outer$Inner}, {@code Outer$1}) is dropped,
 *       and this compilation's lines for that class replace it: its methods, nested and anonymous
 *       classes may have changed or disappeared;
 *   <li>any other previous line is kept, unless its class is known to be gone (deleted source,
 *       whose class file was removed); when that cannot be told, the line is kept: a stale line
 *       names a method no class has, which readers ignore, while a lost line makes a method
 *       silently unsuspendable.
 * </ul>
 */
public final class SuspendablesIndex {
    /** Where the index lives, relative to the class output. */
    public static final String RESOURCE = "META-INF/golib/suspendables";

    static final String HEADER = "# golib suspendable methods: <owner> <name> <descriptor>"
            + " (written by golib-processor)\n";

    private final Set<String> previous = new TreeSet<>();
    private final Set<String> recompiled = new TreeSet<>();
    private final Set<String> fresh = new TreeSet<>();

    /** Parses the lines of an index file, dropping comments and blank lines. */
    public static List<String> parse(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.trim();
            if (!l.isEmpty() && !l.startsWith("#")) {
                lines.add(l.replaceAll("\\s+", " "));
            }
        }
        return lines;
    }

    /** Records the lines an earlier compilation wrote to this output. */
    public void addPrevious(Collection<String> lines) {
        previous.addAll(lines);
    }

    /** Records that the top-level class {@code internalName} (e.g. {@code a/b/Outer}) is compiled now. */
    public void addRecompiled(String internalName) {
        recompiled.add(internalName);
    }

    /** Records the lines of this compilation. */
    public void addFresh(Collection<String> lines) {
        fresh.addAll(lines);
    }

    /** The lines this compilation contributes. */
    public Set<String> fresh() {
        return fresh;
    }

    /** Whether there is anything to write: a previous index to update, or new lines. */
    public boolean hasContent() {
        return !previous.isEmpty() || !fresh.isEmpty();
    }

    /** The owner (internal class name) of an index line. */
    static String owner(String line) {
        int sp = line.indexOf(' ');
        return sp < 0 ? line : line.substring(0, sp);
    }

    /** Whether {@code owner} is, or is nested in, a top-level class compiled now. */
    boolean isRecompiled(String owner) {
        if (recompiled.contains(owner)) {
            return true;
        }
        // Nested, local and anonymous classes are Outer$...; walk the '$' prefixes so that a
        // top-level class whose own name contains '$' is matched too.
        for (int i = owner.indexOf('$'); i > 0; i = owner.indexOf('$', i + 1)) {
            if (recompiled.contains(owner.substring(0, i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The merged lines, sorted.
     *
     * @param ownerGone whether a previous line's owner is known to be gone; answers "not known"
     *     as {@code false}
     */
    public List<String> merged(Predicate<String> ownerGone) {
        Set<String> out = new TreeSet<>(fresh);
        for (String line : previous) {
            String owner = owner(line);
            if (!isRecompiled(owner) && !ownerGone.test(owner)) {
                out.add(line);
            }
        }
        return new ArrayList<>(out);
    }

    /** The file's text for {@code lines}. */
    public static String render(List<String> lines) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }
}
