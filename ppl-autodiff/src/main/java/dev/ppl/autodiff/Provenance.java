package dev.ppl.autodiff;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The set of <em>sources</em> a value was computed from: opaque ids attached to some values
 * ({@link Var#withProvenance}) and propagated by every op to its result as the union of its
 * operands' sets, independently of gradients ({@link Var#stopGradient} keeps it). The gradient
 * estimators of ppl-vi tag each random choice with a source id and read off which costs depend on
 * which choices (Rao-Blackwellization by dependency tracking).
 *
 * <p>Provenance follows data flow through {@link Var} ops only: a value taken out of a {@code Var}
 * (e.g. {@code item()}) and wrapped again as a new constant, or a branch on a value, carries no
 * provenance. Immutable; the ids are kept sorted.
 */
public final class Provenance {
    private static final AtomicLong NEXT = new AtomicLong();

    /** The empty set (a value computed from no tagged source). */
    public static final Provenance NONE = new Provenance(new long[0]);

    private final long[] ids;

    private Provenance(long[] sortedIds) {
        this.ids = sortedIds;
    }

    /** A set holding one new id, distinct from every id handed out before in this process. */
    public static Provenance fresh() {
        return new Provenance(new long[] {NEXT.getAndIncrement()});
    }

    /** Whether this set holds every id of {@code other} (true for {@link #NONE}). */
    public boolean containsAll(Provenance other) {
        for (long id : other.ids) {
            if (Arrays.binarySearch(ids, id) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether this set and {@code other} share an id. */
    public boolean intersects(Provenance other) {
        for (long id : other.ids) {
            if (Arrays.binarySearch(ids, id) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the set is empty. */
    public boolean isEmpty() {
        return ids.length == 0;
    }

    /** The union of both sets (returns an operand itself when it already holds the other). */
    public Provenance union(Provenance other) {
        if (other == this || other.ids.length == 0 || containsAll(other)) {
            return this;
        }
        if (ids.length == 0 || other.containsAll(this)) {
            return other;
        }
        long[] out = new long[ids.length + other.ids.length];
        int i = 0, j = 0, n = 0;
        while (i < ids.length || j < other.ids.length) {
            long next;
            if (j >= other.ids.length || (i < ids.length && ids[i] < other.ids[j])) {
                next = ids[i++];
            } else if (i >= ids.length || other.ids[j] < ids[i]) {
                next = other.ids[j++];
            } else {
                next = ids[i++];
                j++;
            }
            out[n++] = next;
        }
        return new Provenance(Arrays.copyOf(out, n));
    }

    /** The number of sources. */
    public int size() {
        return ids.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Provenance p && Arrays.equals(ids, p.ids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "Provenance" + Arrays.toString(ids);
    }
}
