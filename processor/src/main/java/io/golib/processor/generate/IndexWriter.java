package io.golib.processor.generate;

import io.golib.processor.Diagnostics;
import io.golib.processor.Diagnostics.Check;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import javax.annotation.processing.Filer;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Reads the index an earlier compilation left in the class output, and writes the merged index
 * ({@link SuspendablesIndex}) back, through javac's {@link Filer}, so that it lands wherever the
 * build tool directs class output ({@code target/classes}, an in-memory file manager in tests).
 *
 * <p>Lifecycle: {@link #loadPrevious()} once at the start of processing (before any class of this
 * compilation is written); lines are added as classes are analysed; {@link #write()} once, after
 * the last class was analysed. Only the compiler thread calls it.
 */
public final class IndexWriter {
    private final Filer filer;
    private final Elements elements;
    private final Diagnostics diagnostics;
    private final SuspendablesIndex index = new SuspendablesIndex();
    private boolean loaded;
    private boolean written;

    public IndexWriter(Filer filer, Elements elements, Diagnostics diagnostics) {
        this.filer = filer;
        this.elements = elements;
        this.diagnostics = diagnostics;
    }

    /** The index being built. */
    public SuspendablesIndex index() {
        return index;
    }

    /** Reads the existing index of the class output, if there is one. Idempotent. */
    public void loadPrevious() {
        if (loaded) {
            return;
        }
        loaded = true;
        try {
            FileObject f = filer.getResource(StandardLocation.CLASS_OUTPUT, "",
                    SuspendablesIndex.RESOURCE);
            try (InputStream in = f.openInputStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                index.addPrevious(SuspendablesIndex.parse(text));
            }
        } catch (FileNotFoundException | NoSuchFileException first) {
            // A clean build: nothing to merge.
        } catch (IOException | IllegalArgumentException e) {
            diagnostics.report(Check.GOROUTINE_INDEX_IO, "could not read the existing "
                    + SuspendablesIndex.RESOURCE + " (" + e + "): lines for classes not"
                    + " recompiled now are lost from it; the agent still finds them by reading"
                    + " their supertypes. Fix: rebuild cleanly.");
        }
    }

    /** Writes the merged index, unless there is none to write. Idempotent. */
    public void write() {
        if (written) {
            return;
        }
        written = true;
        if (!index.hasContent()) {
            return; // a project that uses no @Goroutine gets no file
        }
        List<String> lines = index.merged(this::isGone);
        try {
            FileObject f = filer.createResource(StandardLocation.CLASS_OUTPUT, "",
                    SuspendablesIndex.RESOURCE);
            try (Writer w = f.openWriter()) {
                w.write(SuspendablesIndex.render(lines));
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            diagnostics.report(Check.GOROUTINE_INDEX_IO, "could not write "
                    + SuspendablesIndex.RESOURCE + " (" + e + "): the agent and the Maven plugin"
                    + " fall back to reading supertypes. Fix: check that the class output"
                    + " directory is writable.");
        }
    }

    /**
     * Whether the class {@code owner} (internal name), not compiled now, is known to be gone: its
     * class file is absent from the class output and its top-level class cannot be found either.
     * Anything short of that certainty answers {@code false}, keeping the line.
     */
    private boolean isGone(String owner) {
        int slash = owner.lastIndexOf('/');
        String pkg = slash < 0 ? "" : owner.substring(0, slash).replace('/', '.');
        String file = owner.substring(slash + 1) + ".class";
        try {
            FileObject f = filer.getResource(StandardLocation.CLASS_OUTPUT, pkg, file);
            f.openInputStream().close();
            return false;
        } catch (FileNotFoundException | NoSuchFileException absent) {
            int dollar = owner.indexOf('$', slash + 1);
            String topLevel = (dollar < 0 ? owner : owner.substring(0, dollar)).replace('/', '.');
            return elements.getTypeElement(topLevel) == null;
        } catch (IOException | RuntimeException unknown) {
            return false;
        }
    }
}
