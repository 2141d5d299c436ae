package io.golib.runtime.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every goroutine, for dumps (Go's allgs). Spawning must not pay for a shared hash set (a
 * ConcurrentHashMap add and remove cost ~80 ns per goroutine and halved skynet's speed), so the
 * registry is sharded by the creating M, append-only for its owner, and forgets dead goroutines
 * lazily: a shard compacts (drops {@link G#DEAD} entries) when it fills up. A {@link G#FREE}
 * goroutine stays: it will be reused, and stays registered where it is.
 *
 * <p>Invariants: a shard's {@code gs} and {@code size} are written only by its owner (the M's
 * thread, or any thread holding the shared shard's lock), or, while the owning M sleeps in
 * stopm ({@link Shard#ownerSleeps}), by an M holding the shard's monitor, so that a burst
 * registered by an M that then sleeps for good is still forgotten; a new array is published before the size
 * that covers it grows (release store), so a reader that loads size (acquire) then the array sees
 * initialized slots, possibly nulls after a compaction it raced with (skipped). Snapshots are
 * therefore approximate for goroutines created or ended during the snapshot, as Go's dumps are.
 */
final class AllGs {
    /** One M's goroutines. */
    static final class Shard {
        private static final VarHandle SIZE;

        static {
            try {
                SIZE = MethodHandles.lookup().findVarHandle(Shard.class, "size", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private static final int MIN_LENGTH = 64;

        private volatile G[] gs = new G[MIN_LENGTH];
        @SuppressWarnings("unused") // accessed through SIZE
        private int size;
        /** The owning M sleeps in stopm: other Ms may trim under this shard's monitor. */
        private boolean ownerAsleep;

        /** The owner before and after it sleeps in stopm; the monitor orders its writes with
         *  the trims of other Ms in between. */
        synchronized void ownerSleeps(boolean asleep) {
            ownerAsleep = asleep;
        }

        /** {@link #trim} by another M, if the owner sleeps. */
        synchronized void trimIfOwnerSleeps(long bound) {
            if (ownerAsleep) {
                trim(bound);
            }
        }

        /** Owner only. */
        void add(G g) {
            G[] a = gs;
            int n = (int) SIZE.getOpaque(this);
            if (n == a.length) {
                a = compactOrGrow(a, n);
                n = 0;
                while (n < a.length && a[n] != null) {
                    n++;
                }
            }
            a[n] = g;
            SIZE.setRelease(this, n + 1); // pairs with the acquire in snapshot
        }

        private G[] compactOrGrow(G[] a, int n) {
            int live = countKept(a, n);
            return compactInto(a, n, new G[live * 2 < a.length ? a.length : a.length * 2]);
        }

        /**
         * Owner only: compacts, shrinking the array, when the shard holds more than twice the
         * goroutines that can exist ({@code bound}: alive or free), so dead ones do not stay
         * reachable after a burst: {@link #add} compacts only when the shard is full, which may
         * not happen again for a long time.
         */
        void trim(long bound) {
            int n = (int) SIZE.getOpaque(this);
            if (n <= MIN_LENGTH || n <= 2 * bound) {
                return;
            }
            G[] a = gs;
            int live = countKept(a, n);
            int length = MIN_LENGTH;
            while (length < 2 * live) {
                length *= 2;
            }
            compactInto(a, n, new G[length]);
        }

        private static int countKept(G[] a, int n) {
            int live = 0;
            for (int i = 0; i < n; i++) {
                if (a[i].status != G.DEAD) {
                    live++;
                }
            }
            return live;
        }

        private G[] compactInto(G[] a, int n, G[] b) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (a[i].status != G.DEAD) {
                    b[k++] = a[i];
                }
            }
            gs = b;
            SIZE.setRelease(this, k);
            return b;
        }

        void snapshot(List<G> out) {
            int n = (int) SIZE.getAcquire(this);
            G[] a = gs;
            for (int i = 0; i < n && i < a.length; i++) {
                G g = a[i];
                if (g != null && g.listed()) {
                    out.add(g);
                }
            }
        }
    }

    private final List<Shard> shards = new CopyOnWriteArrayList<>();
    /** For goroutines created outside an M (Go.run's main, go() from a plain thread). */
    private final Shard shared = newShard();

    Shard newShard() {
        Shard s = new Shard();
        shards.add(s);
        return s;
    }

    /** Registers a new goroutine. Any thread. */
    void add(G g) {
        M m = M.current();
        if (m != null) {
            m.allgs.add(g);
        } else {
            synchronized (shared) {
                shared.add(g);
            }
        }
    }

    /** {@link Shard#trim} of {@code m}'s shard and of the shared one. M {@code m} only. */
    void trim(M m, long bound) {
        m.allgs.trim(bound);
        for (Shard s : shards) {
            if (s != m.allgs && s != shared) {
                s.trimIfOwnerSleeps(bound);
            }
        }
        synchronized (shared) {
            shared.trim(bound);
        }
    }

    /** Entries in every shard, dead ones included (for tests). */
    int registered() {
        int n = 0;
        for (Shard s : shards) {
            n += (int) Shard.SIZE.getAcquire(s);
        }
        return n;
    }

    /** The live goroutines, approximately (see the class comment). */
    List<G> snapshot() {
        List<G> out = new ArrayList<>();
        for (Shard s : shards) {
            s.snapshot(out);
        }
        return out;
    }
}
