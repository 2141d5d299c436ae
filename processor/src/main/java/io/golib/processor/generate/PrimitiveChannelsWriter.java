package io.golib.processor.generate;

import com.squareup.javapoet.JavaFile;
import io.golib.processor.Diagnostics;
import io.golib.processor.Diagnostics.Check;
import io.golib.processor.model.GolibNames;
import java.io.IOException;
import javax.annotation.processing.Filer;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Writes golib's primitive channels ({@link PrimitiveChannelTemplate} over
 * {@link PrimitiveKind#ALL}) into each package of the round annotated with the marker
 * {@code io.golib.chan.PrimitiveChannels}: in practice once, in the runtime's own compilation,
 * where the marker sits on {@code io/golib/chan/package-info.java}. The files are written in a
 * processing round, so javac compiles them in the next one and every later step (the
 * {@code @Goroutine} checks, the index, the agent's rewriting of {@code target/classes}) treats
 * them as the runtime's own sources. The hand-written {@code Select extends PrimitiveSelectCases}
 * compiles because javac defers a missing symbol until processing has had its chance to make it.
 *
 * <p>In a user's compilation the marker type exists (in golib-runtime's jar) but annotates
 * nothing there: the cost is one lookup per round. Only the compiler thread calls this.
 */
public final class PrimitiveChannelsWriter {
    private final Filer filer;
    private final Elements elements;
    private final Diagnostics diagnostics;

    public PrimitiveChannelsWriter(Filer filer, Elements elements, Diagnostics diagnostics) {
        this.filer = filer;
        this.elements = elements;
        this.diagnostics = diagnostics;
    }

    /** Generates into the packages this round's root elements mark. */
    public void write(RoundEnvironment round) {
        TypeElement marker = elements.getTypeElement(GolibNames.PRIMITIVE_CHANNELS);
        if (marker == null) {
            return; // not compiling against golib-runtime
        }
        boolean generatedAnnotation =
                elements.getTypeElement(PrimitiveChannelTemplate.GENERATED) != null;
        for (Element e : round.getElementsAnnotatedWith(marker)) {
            if (!(e instanceof PackageElement)) {
                continue; // its @Target is PACKAGE: javac has reported it already
            }
            PackageElement pkg = (PackageElement) e;
            PrimitiveChannelTemplate template = new PrimitiveChannelTemplate(
                    pkg.getQualifiedName().toString(), generatedAnnotation, pkg);
            for (JavaFile file : template.files(PrimitiveKind.ALL)) {
                try {
                    file.writeTo(filer);
                } catch (IOException failure) {
                    // The Filer throws FilerException (an IOException) for a second file of the
                    // same name, e.g. a hand-written IntChan next to the marker.
                    diagnostics.report(Check.PRIMITIVE_CHANNELS_GENERATE, pkg, mirror(pkg, marker),
                            "cannot write " + file.packageName + "." + file.typeSpec.name + " ("
                                    + failure.getMessage() + "): is a class of that name already"
                                    + " there? Fix: remove it; the primitive channels are"
                                    + " generated from " + PrimitiveChannelTemplate.class.getName()
                                    + ".");
                }
            }
        }
    }

    private static AnnotationMirror mirror(Element e, TypeElement marker) {
        for (AnnotationMirror a : e.getAnnotationMirrors()) {
            if (a.getAnnotationType().asElement().equals(marker)) {
                return a;
            }
        }
        return null;
    }
}
