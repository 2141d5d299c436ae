package io.golib.processor.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The merge rule of the incremental index, without a compiler. */
class SuspendablesIndexTest {

    @Test
    void parseSkipsCommentsAndBlankLinesAndNormalisesSpaces() {
        assertEquals(List.of("a/B m ()V", "a/C n (I)V"),
                SuspendablesIndex.parse("# header\n\na/B m ()V\r\n  a/C\tn   (I)V  \n#x\n"));
    }

    @Test
    void recompiledTopLevelClassReplacesItsNestedAndAnonymousLines() {
        SuspendablesIndex idx = new SuspendablesIndex();
        idx.addPrevious(List.of("a/Outer old ()V", "a/Outer$Inner old ()V", "a/Outer$1 run ()V",
                "a/Other keep ()V", "a/OuterX keep ()V"));
        idx.addRecompiled("a/Outer");
        idx.addFresh(Set.of("a/Outer fresh ()V"));
        assertEquals(List.of("a/Other keep ()V", "a/Outer fresh ()V", "a/OuterX keep ()V"),
                idx.merged(owner -> false));
    }

    @Test
    void topLevelClassWithDollarInItsNameIsMatched() {
        SuspendablesIndex idx = new SuspendablesIndex();
        idx.addRecompiled("a/Odd$Name");
        assertTrue(idx.isRecompiled("a/Odd$Name"));
        assertTrue(idx.isRecompiled("a/Odd$Name$1"));
        assertFalse(idx.isRecompiled("a/Odd"));
        assertFalse(idx.isRecompiled("b/Odd$Name"));
    }

    @Test
    void previousLinesOfGoneClassesAreDroppedOthersKept() {
        SuspendablesIndex idx = new SuspendablesIndex();
        idx.addPrevious(List.of("a/Gone m ()V", "a/Here m ()V"));
        assertEquals(List.of("a/Here m ()V"), idx.merged(owner -> owner.equals("a/Gone")));
    }

    @Test
    void renderIsSortedWithHeader() {
        String text = SuspendablesIndex.render(List.of("a/A m ()V", "a/B n ()V"));
        assertTrue(text.startsWith("# "), text);
        assertEquals(List.of("a/A m ()V", "a/B n ()V"), SuspendablesIndex.parse(text));
        assertTrue(text.endsWith("a/B n ()V\n"), text);
    }

    @Test
    void nothingToWriteWithoutPreviousOrFreshLines() {
        SuspendablesIndex idx = new SuspendablesIndex();
        idx.addRecompiled("a/A");
        assertFalse(idx.hasContent());
        idx.addPrevious(List.of("a/A m ()V"));
        assertTrue(idx.hasContent(), "a previous index must be rewritten even if now empty");
        assertEquals(List.of(), idx.merged(owner -> false));
    }
}
