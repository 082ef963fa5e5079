package dev.ppl.vi.train;

import dev.ppl.dist.Rng;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The row indices of the minibatches of size \(m\) over \(N\) rows that {@link Minibatches} takes,
 * without the data: an epoch has \(\lfloor N/m \rfloor\) batches, step \(s\) belongs to epoch
 * \(e = \lfloor s / \lfloor N/m \rfloor \rfloor\) and takes the \((s \bmod \lfloor N/m \rfloor)\)-th
 * block of \(m\) entries of a permutation of \(0..N-1\) drawn by a Fisher-Yates shuffle from
 * {@code Rng.of(seed).fold(e)}. A pure function of {@code (N, m, seed, s)}; so a driver that
 * computes the indices and executors that hold the rows agree on the batch. Thread-safe: the
 * current epoch's permutation is cached as an immutable pair.
 */
public final class MinibatchIndices {
    private final int rows;
    private final int batchSize;
    private final long seed;
    private final long batchesPerEpoch;
    private volatile Epoch cached;

    private record Epoch(long epoch, int[] permutation) {}

    /**
     * The minibatch schedule of {@code batchSize} rows out of {@code rows}, shuffled from {@code seed}.
     *
     * @throws IllegalArgumentException naming the value if {@code rows < 1} or {@code batchSize} is not in {@code [1, rows]}
     */
    public MinibatchIndices(long rows, int batchSize, long seed) {
        if (rows < 1 || rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Minibatches: need between 1 and " + Integer.MAX_VALUE
                    + " rows, got " + rows);
        }
        if (batchSize <= 0 || batchSize > rows) {
            throw new IllegalArgumentException("Minibatches: batch size must be in [1, " + rows
                    + "] (the number of rows), got " + batchSize);
        }
        this.rows = (int) rows;
        this.batchSize = batchSize;
        this.seed = seed;
        this.batchesPerEpoch = rows / batchSize;
    }

    /** The number of rows \(N\). */
    public long rows() { return rows; }
    /** The batch size \(m\). */
    public int batchSize() { return batchSize; }
    /** The shuffling seed. */
    public long seed() { return seed; }
    /** The number of batches per epoch, \(\lfloor N/m \rfloor\). */
    public long batchesPerEpoch() { return batchesPerEpoch; }
    /** The subsampling weight \(N/m\). */
    public double scale() { return (double) rows / batchSize; }

    /** The epoch that step {@code step} belongs to. */
    public long epochOf(long step) {
        return step / batchesPerEpoch;
    }

    /** The row indices of the batch for {@code step} (a fresh array). */
    public int[] indices(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("Minibatches: step must be non-negative, got " + step);
        }
        int[] perm = permutation(epochOf(step));
        int start = Math.toIntExact((step % batchesPerEpoch) * batchSize);
        return Arrays.copyOfRange(perm, start, start + batchSize);
    }

    private int[] permutation(long epoch) {
        Epoch c = cached;
        if (c != null && c.epoch == epoch) {
            return c.permutation;
        }
        SplittableRandom r = new SplittableRandom(Rng.of(seed).fold(epoch).bits());
        int[] p = new int[rows];
        for (int i = 0; i < rows; i++) {
            p[i] = i;
        }
        for (int i = rows - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        cached = new Epoch(epoch, p);
        return p;
    }
}
