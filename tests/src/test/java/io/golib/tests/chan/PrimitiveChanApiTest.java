package io.golib.tests.chan;

import static io.golib.chan.Select.otherwise;
import static io.golib.chan.Select.recv;
import static io.golib.chan.Select.select;
import static io.golib.chan.Select.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.chan.Chan;
import io.golib.chan.DoubleChan;
import io.golib.chan.IntChan;
import io.golib.chan.LongChan;
import io.golib.chan.Select;
import io.golib.chan.SelectCase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The primitive channels as a user sees them: from another package than io.golib.chan, with
 * the select factories Select inherits from the package-private, generated PrimitiveSelectCases
 * (static import and qualified calls), overloads next to Chan's with lambdas, and the package-
 * private HChan.recv(Parker) invisible (so {@code ch.recv(null)} is not ambiguous). This file
 * compiling is half the test; running it with the agent (this module's -javaagent) is the other.
 */
@Timeout(60)
class PrimitiveChanApiTest {

    @Test
    void rangeLoopAndMixedSelectFromAnotherPackage() {
        List<String> got = new ArrayList<>();
        Go.run(() -> {
            IntChan ints = IntChan.make();
            Chan<String> words = Chan.make();
            LongChan longs = LongChan.make(1);
            DoubleChan done = DoubleChan.make();
            Go.go(() -> {
                for (int i = 0; i < 3; i++) {
                    ints.send(i);
                }
                ints.close();
                words.send("w");
                select(send(longs, Long.MAX_VALUE, () -> { }));
                done.send(-0.0);
            });
            IntChan.Received r = new IntChan.Received();
            while (ints.recv(r)) {          // Go's for v := range ints
                got.add("int " + r.value());
            }
            assertFalse(r.ok());
            select(recv(words, w -> got.add("word " + w)),
                    Select.recv((IntChan) null, (v, ok) -> got.add("never")));
            select(Select.recv(longs, (v, ok) -> got.add("long " + (v == Long.MAX_VALUE))));
            SelectCase[] cases = {recv(done, (v, ok) -> got.add("double "
                    + Double.doubleToRawLongBits(v))), otherwise()};
            while (select(cases) == 1) {
                Go.gosched();
            }
        });
        assertEquals(List.of("int 0", "int 1", "int 2", "word w", "long true",
                "double " + Long.MIN_VALUE), got);
    }

    @Test
    void nullHolderIsRejectedNotAmbiguous() {
        IntChan c = IntChan.make(1);
        assertTrue(c.trySend(1));
        assertThrows(NullPointerException.class, () -> c.tryRecv(null));
        assertThrows(NullPointerException.class, () -> Go.run(() -> c.recv(null)));
        assertEquals(1, c.len());
    }
}
