package dev.ppl.vi.train;

import dev.ppl.dist.Rng;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Minibatches of size \(m\) over the \(N\) rows of a data array, reshuffled every epoch.
 *
 * <p>An epoch has \(\lfloor N/m \rfloor\) batches; step \(s\) belongs to epoch
 * \(e = \lfloor s / \lfloor N/m \rfloor \rfloor\) and takes the \((s \bmod \lfloor N/m
 * \rfloor)\)-th block of \(m\) entries of a permutation of the rows seeded from {@code (seed, e)}
 * (a Fisher-Yates shuffle driven by {@code Rng.of(seed).fold(e)}). When \(m\) divides \(N\) every
 * row appears exactly once per epoch; otherwise \(N \bmod m\) rows (a different random set each
 * epoch) are left out of that epoch. The batch is a pure function of the step, so resumed
 * training sees the same batches. Each batch carries the scale \(N/m\) (see {@link Minibatch}).
 *
 * <p>Not thread-safe: it caches the current epoch's permutation.
 */
public final class Minibatches implements DataSource<Minibatch> {
    private final INDArray data;
    private final int batchSize;
    private final long seed;
    private final int rows;
    private final long batchesPerEpoch;
    private long cachedEpoch = -1;
    private int[] cachedPermutation;

    /**
     * Minibatches of {@code batchSize} rows of {@code data} (rows along dimension 0).
     *
     * @throws IllegalArgumentException if {@code batchSize} is not positive or exceeds the number of rows
     */
    public Minibatches(INDArray data, int batchSize, long seed) {
        if (data == null || data.rank() < 1 || data.size(0) < 1) {
            throw new IllegalArgumentException("Minibatches: need data with at least one row along dimension 0, got "
                    + (data == null ? "null" : java.util.Arrays.toString(data.shape())));
        }
        long n = data.size(0);
        if (batchSize <= 0 || batchSize > n) {
            throw new IllegalArgumentException("Minibatches: batch size must be in [1, " + n
                    + "] (the number of rows), got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.rows = Math.toIntExact(n);
        this.batchesPerEpoch = n / batchSize;
    }

    /** The number of rows \(N\). */
    public long rows() { return rows; }
    /** The batch size \(m\). */
    public int batchSize() { return batchSize; }
    /** The number of batches per epoch, \(\lfloor N/m \rfloor\). */
    public long batchesPerEpoch() { return batchesPerEpoch; }
    /** The subsampling weight \(N/m\). */
    public double scale() { return (double) rows / batchSize; }

    /** The epoch that step {@code step} belongs to. */
    public long epochOf(long step) {
        return step / batchesPerEpoch;
    }

    /** The row indices of the batch for {@code step}. */
    public int[] indices(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("Minibatches: step must be non-negative, got " + step);
        }
        int[] perm = permutation(epochOf(step));
        int start = Math.toIntExact((step % batchesPerEpoch) * batchSize);
        return java.util.Arrays.copyOfRange(perm, start, start + batchSize);
    }

    @Override
    public Minibatch batch(long step) {
        int[] idx = indices(step);
        INDArray picked = data.rank() == 1
                ? data.reshape(rows, 1).getRows(idx).reshape(batchSize)
                : data.getRows(idx);
        return new Minibatch(picked, scale());
    }

    private int[] permutation(long epoch) {
        if (epoch != cachedEpoch) {
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
            cachedPermutation = p;
            cachedEpoch = epoch;
        }
        return cachedPermutation;
    }
}
