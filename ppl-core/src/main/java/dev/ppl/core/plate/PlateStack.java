package dev.ppl.core.plate;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The plates active at one point of an execution, kept by a handler: entering a plate allocates
 * the next free batch dim to its left ({@code -1}, {@code -2}, ...), leaving frees it; a plate
 * entered again while active (same name, same size) is the same frame. Each entry may carry a
 * subsampling scale; the scale of a site is the product over the entries active around it.
 * Mutable; one per handler (not thread-safe).
 */
public final class PlateStack {
    private record Entry(Frame frame, double scale, boolean reentry) {}

    private final List<Entry> entries = new ArrayList<>();
    private List<Frame> frames = List.of();

    /**
     * Enters plate {@code name} of {@code size} elements with subsampling {@code scale}; returns
     * its frame.
     *
     * @throws IllegalArgumentException for a size below 1, a scale that is not finite and positive,
     *         or a plate of the same name active with another size
     */
    public Frame enter(String name, long size, double scale) {
        if (size < 1 || !(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("plate '" + name + "': need size >= 1 and a finite scale > 0, got size " + size
                    + ", scale " + scale);
        }
        for (Frame f : frames) {
            if (f.name().equals(name)) {
                if (f.size() != size) {
                    throw new IllegalArgumentException("plate '" + name + "' entered with size " + size
                            + " inside the active plate of that name with size " + f.size() + "; give nested plates distinct names");
                }
                entries.add(new Entry(f, scale, true));
                return f;
            }
        }
        int dim = -1;
        while (frameAt(dim) != null) {
            dim--;
        }
        return push(new Frame(name, size, dim), scale);
    }

    /**
     * Enters plate {@code name} on the fixed batch dim {@code dim} (negative, not owned by an
     * active plate), e.g. a particle plate placed left of every plate the program will enter.
     */
    public Frame enterAt(String name, long size, double scale, int dim) {
        if (frameAt(dim) != null) {
            throw new IllegalArgumentException("plate '" + name + "': dim " + dim + " is owned by the active plate "
                    + frameAt(dim));
        }
        if (size < 1 || !(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("plate '" + name + "': need size >= 1 and a finite scale > 0, got size " + size
                    + ", scale " + scale);
        }
        return push(new Frame(name, size, dim), scale);
    }

    /** Makes {@code f} active with subsampling {@code scale}. */
    private Frame push(Frame f, double scale) {
        entries.add(new Entry(f, scale, false));
        List<Frame> next = new ArrayList<>(frames);
        next.add(f);
        frames = List.copyOf(next);
        return f;
    }

    private Frame frameAt(int dim) {
        for (Frame f : frames) {
            if (f.dim() == dim) {
                return f;
            }
        }
        return null;
    }

    /**
     * The batch shape a distribution of batch shape {@code batch} takes inside the active plates:
     * padded on the left to reach every plate's dim, with size 1 on a plate's dim replaced by the
     * plate's size (the same distribution for every element, drawn independently per element);
     * {@code batch} itself if nothing changes. A different size on a plate's dim stays (and is an
     * error for {@link #checkBatch}).
     */
    public long[] expandedBatch(long[] batch) {
        int rank = batch.length;
        for (Frame f : frames) {
            rank = Math.max(rank, -f.dim());
        }
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        System.arraycopy(batch, 0, out, rank - batch.length, batch.length);
        for (Frame f : frames) {
            if (out[rank + f.dim()] == 1) {
                out[rank + f.dim()] = f.size();
            }
        }
        return Arrays.equals(out, batch) ? batch : out;
    }

    /**
     * {@code dist} expanded to {@link #expandedBatch} of its batch shape inside the active plates
     * (itself if that is its batch shape), so that a choice made inside a plate has one
     * independent draw per element.
     */
    public Distribution<Var> expand(Distribution<Var> dist) {
        long[] batch = dist.batchShape();
        long[] target = expandedBatch(batch);
        return target == batch ? dist : dist.expand(target);
    }

    /** Leaves the innermost plate entered. */
    public void exit() {
        Entry e = entries.remove(entries.size() - 1);
        if (!e.reentry()) {
            List<Frame> next = new ArrayList<>(frames);
            next.remove(e.frame());
            frames = List.copyOf(next);
        }
    }

    /** The active frames, outermost first (immutable). */
    public List<Frame> frames() {
        return frames;
    }

    /** Whether no plate is active. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The product of the active entries' scales (1 outside plates). */
    public double scale() {
        double s = 1.0;
        for (Entry e : entries) {
            s *= e.scale();
        }
        return s;
    }

    /**
     * As {@link #checkBatch} for a choice with a given value (constrained, observed or replayed):
     * the batch shape that counts is the distribution's broadcast with the value's batch part, so
     * a distribution shared by every element (size 1 on a plate's dim) scores a value that has one
     * entry per element.
     */
    public void checkValue(String owner, String address, String family, long[] batch, long[] event, long[] value) {
        if (frames.isEmpty()) {
            return;
        }
        int valueBatchRank = Math.max(0, value.length - event.length);
        long[] effective = Shapes.broadcast(owner + ": the choice at '" + address + "'", batch,
                Arrays.copyOf(value, valueBatchRank));
        checkBatch(owner, address, family, effective);
    }

    /**
     * Checks that a choice's batch shape has every active plate's dim with the plate's size.
     *
     * @throws IllegalArgumentException naming the owner, the address, the batch shape and each
     *         plate whose dim is missing or has another size, with the remedy
     */
    public void checkBatch(String owner, String address, String family, long[] batch) {
        for (Frame f : frames) {
            int pos = batch.length + f.dim();
            if (pos < 0 || batch[pos] != f.size()) {
                throw new IllegalArgumentException(owner + ": the choice at '" + address + "' (" + family + ", batch shape "
                        + Shapes.str(batch) + ") is inside plate '" + f.name() + "' of size " + f.size() + ", which owns batch dim "
                        + f.dim() + ", but its batch shape has " + (pos < 0 ? "no such dim" : "size " + batch[pos] + " there")
                        + "; give it one entry per element along dim " + f.dim() + " (dims of one value belong in the event: "
                        + "dist.toEvent(k))");
            }
        }
    }
}
