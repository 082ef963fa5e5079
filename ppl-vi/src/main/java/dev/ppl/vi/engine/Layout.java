package dev.ppl.vi.engine;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.core.plate.Frame;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Where each dim of a run's tensors lies, counted from the right of a batch shape: the plate
 * window {@code -1 .. -W} (each active plate owns its frame's dim), then the enumeration dims,
 * the \(j\)-th parallel-enumerated choice at {@code -(W + 1 + j)}. \(W\), the deepest plate nesting
 * of the objective, is known once the objective enumerates in parallel (declared or found by a
 * sampling run); without parallel enumeration it is unknown and a choice's batch dims outside its
 * plates are joint coordinates of one value. Meanings come from this layout, never from sizes:
 * a dim whose size does not fit its meaning is an error.
 */
final class Layout {
    private final int userNesting;
    private final int particleDims;
    private final int nesting;
    private final List<Long> enumSizes;
    private final int enumShift;

    /**
     * A layout for a program whose own plates nest {@code userNesting} deep (-1: unknown), with
     * {@code particleDims} (0 or 1) particle plates left of them, and enumeration dims of the
     * given sizes already allocated.
     */
    Layout(int userNesting, int particleDims, List<Long> enumSizes) {
        this(userNesting, particleDims, enumSizes, 0);
    }

    /**
     * As above with the \(j\)-th enumeration dim moved {@code enumShift * j} dims to the right of
     * where it belongs (1: every enumeration on the first enumeration dim): only for the test that
     * plants a wrong enumeration dim and checks that the exact-value check catches it.
     */
    Layout(int userNesting, int particleDims, List<Long> enumSizes, int enumShift) {
        this.userNesting = userNesting;
        this.particleDims = particleDims;
        this.nesting = userNesting < 0 ? -1 : userNesting + particleDims;
        this.enumSizes = new ArrayList<>(enumSizes);
        this.enumShift = enumShift;
    }

    /** The same layout (dims and allocated enumerations), for another run. */
    Layout copy() {
        return new Layout(userNesting, particleDims, enumSizes, enumShift);
    }

    /** This layout with one particle plate left of the program's plates. */
    Layout withParticles() {
        return new Layout(userNesting, 1, enumSizes, enumShift);
    }

    /** Whether the plate nesting is known (the objective enumerates in parallel or vectorizes its particles). */
    boolean nestingKnown() {
        return nesting >= 0;
    }

    /** The plate window: the program's own plates and the particle plate. */
    int nesting() {
        return nesting;
    }

    /** The deepest nesting of the program's own plates (-1: unknown). */
    int userNesting() {
        return userNesting;
    }

    int particleDims() {
        return particleDims;
    }

    int enumCount() {
        return enumSizes.size();
    }

    List<Long> enumSizes() {
        return List.copyOf(enumSizes);
    }

    /** Allocates the next enumeration dim, of size {@code k}; returns its index. */
    int addEnumeration(long k) {
        enumSizes.add(k);
        return enumSizes.size() - 1;
    }

    /** The dim (negative) of enumeration {@code j}. */
    int enumPosition(int j) {
        return -(nesting + 1 + j) + enumShift * j;
    }

    /** {@code v} summed over the dim at negative position {@code pos}, keeping it (size 1); {@code v} itself if absent. */
    static Var sumAt(Var v, int pos) {
        int axis = v.rank() + pos;
        if (axis < 0 || v.shape()[axis] == 1) {
            return v;
        }
        return v.sum(true, axis);
    }

    /**
     * A piece made in plates {@code from} read in plates {@code to} (rule 3): summed over the dims
     * of its plates not in {@code to}, broadcast over the dims of {@code to} it lacks.
     */
    static Var reduceTo(Var v, Set<Frame> from, Collection<Frame> to) {
        Var out = v;
        for (Frame f : from) {
            if (!to.contains(f)) {
                out = sumAt(out, f.dim());
            }
        }
        return out;
    }

    private String describe(int pos, List<Frame> frames) {
        for (Frame f : frames) {
            if (f.dim() == pos) {
                return "plate '" + f.name() + "' (size " + f.size() + ")";
            }
        }
        if (nestingKnown() && -pos > nesting) {
            int j = -pos - nesting - 1;
            return j < enumSizes.size() ? "enumeration dim " + j + " (size " + enumSizes.get(j) + ")"
                    : "no enumeration dim (" + enumSizes.size() + " so far)";
        }
        return "no active plate";
    }

    /**
     * Checks a cost (or return value) made in plates {@code frames}: each active plate's dim has
     * the plate's size or 1 (the same value for every element), enumeration dims have their size
     * or 1, every other dim has size 1.
     *
     * @throws IllegalArgumentException naming {@code what}, the shape, the offending dim and what it should be
     */
    void checkCost(String what, long[] shape, List<Frame> frames) {
        for (int pos = -1; pos >= -shape.length; pos--) {
            long size = shape[shape.length + pos];
            Frame f = frameAt(frames, pos);
            boolean ok;
            if (f != null) {
                ok = size == f.size() || size == 1;
            } else if (nestingKnown() && -pos > nesting) {
                int j = -pos - nesting - 1;
                ok = size == 1 || (j < enumSizes.size() && size == enumSizes.get(j));
            } else {
                ok = size == 1;
            }
            if (!ok) {
                throw new IllegalArgumentException("objective: " + what + " has shape " + Shapes.str(shape) + " in plates "
                        + names(frames) + ", but its dim " + pos + " of size " + size + " matches " + describe(pos, frames)
                        + "; a cost has one entry per element of each plate it is made in (on the plate's dim) and nothing "
                        + "else: sum the dims of one value, or add per-element costs inside ctx.plate(name, size, ...)");
            }
        }
    }

    /**
     * The joint batch dims of a choice of batch shape {@code batch} made in {@code frames} (its
     * plates' dims are checked by the plate stack): every dim that no active plate owns, when the
     * nesting is unknown; with parallel enumeration, none (a dim inside the plate window must
     * have size 1, one left of it must be an enumeration dim of its size or 1).
     */
    List<Integer> jointBatchDims(String address, String family, long[] batch, List<Frame> frames) {
        List<Integer> joint = new ArrayList<>();
        for (int pos = -1; pos >= -batch.length; pos--) {
            long size = batch[batch.length + pos];
            if (frameAt(frames, pos) != null) {
                continue;
            }
            if (!nestingKnown()) {
                joint.add(pos);
                continue;
            }
            boolean ok;
            if (-pos <= nesting) {
                ok = size == 1;
            } else {
                int j = -pos - nesting - 1;
                ok = size == 1 || (j < enumSizes.size() && size == enumSizes.get(j));
            }
            if (!ok) {
                throw new IllegalArgumentException("objective: the choice at '" + address + "' (" + family + ", batch shape "
                        + Shapes.str(batch) + ", plates " + names(frames) + ") has dim " + pos + " of size " + size + ", which "
                        + "matches " + describe(pos, frames) + "; beside parallel enumeration or vectorized particles every batch dim must be a plate's "
                        + "(dims of one value belong in the event: dist.toEvent(k))");
            }
        }
        return joint;
    }

    /**
     * A cost made in {@code frames} with every plate's dim at the plate's size: a cost of size 1
     * there is the same value for every element, and counts once per element.
     */
    static Var expandToFrames(Var cost, List<Frame> frames) {
        int rank = cost.rank();
        for (Frame f : frames) {
            rank = Math.max(rank, -f.dim());
        }
        long[] shape = new long[rank];
        long[] own = cost.shape();
        for (int i = 0; i < rank; i++) {
            int ownAxis = i - (rank - own.length);
            shape[i] = ownAxis >= 0 ? own[ownAxis] : 1;
        }
        boolean widen = rank != own.length;
        for (Frame f : frames) {
            if (shape[rank + f.dim()] != f.size()) {
                shape[rank + f.dim()] = f.size();
                widen = true;
            }
        }
        return widen ? cost.broadcastTo(shape) : cost;
    }

    static Frame frameAt(List<Frame> frames, int pos) {
        for (Frame f : frames) {
            if (f.dim() == pos) {
                return f;
            }
        }
        return null;
    }

    static List<String> names(Collection<Frame> frames) {
        List<String> out = new ArrayList<>();
        for (Frame f : frames) {
            out.add(f.name());
        }
        return out;
    }
}
