package io.golib.processor.generate;

import io.golib.processor.model.JvmNames;
import io.golib.processor.model.Suspendables;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * The index lines one class contributes: {@code owner name descriptor} for each method it declares
 * that is suspendable ({@link Suspendables}): annotated {@code @Goroutine}, or overriding or
 * implementing a {@code @Goroutine} method of any supertype.
 *
 * <p>Bridges: when an override's erased descriptor differs from the overridden method's
 * ({@code String call()} implementing {@code GoCallable<String>.call()}, whose erasure returns
 * {@code Object}), javac emits a bridge method with the overridden descriptor in the overriding
 * class, and the bridge calls the override, so it sits between a caller and a park. Its line is
 * listed too; an index line naming a method a class file does not have is harmless to readers.
 */
public final class IndexEntries {
    private final Suspendables model;
    private final JvmNames names;

    public IndexEntries(Suspendables model, JvmNames names) {
        this.model = model;
        this.names = names;
    }

    /** Adds the lines of the methods {@code type} itself declares (not of its nested types). */
    public void addDeclaredBy(TypeElement type, Set<String> out) {
        String owner = names.internalName(type);
        for (Element member : type.getEnclosedElements()) {
            if (member.getKind() != ElementKind.METHOD) {
                continue;
            }
            ExecutableElement m = (ExecutableElement) member;
            boolean annotated = model.isAnnotated(m);
            var overridden = model.overriddenGoroutines(m);
            if (!annotated && overridden.isEmpty()) {
                continue;
            }
            String desc = names.descriptor(m);
            if (desc == null) {
                continue;
            }
            out.add(line(owner, m.getSimpleName().toString(), desc));
            for (ExecutableElement o : overridden) {
                String bridge = names.descriptor(o);
                if (bridge != null && !bridge.equals(desc)) {
                    out.add(line(owner, m.getSimpleName().toString(), bridge));
                }
            }
        }
    }

    /** Adds the lines of {@code type} and of every member type nested in it, recursively. */
    public void addWithMemberTypes(TypeElement type, Set<String> out) {
        addDeclaredBy(type, out);
        for (Element member : type.getEnclosedElements()) {
            if (member instanceof TypeElement) {
                addWithMemberTypes((TypeElement) member, out);
            }
        }
    }

    static String line(String owner, String name, String desc) {
        return owner + ' ' + name + ' ' + desc;
    }
}
