package dev.ppl.vi.train;

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
 * <p>The row schedule alone is {@link MinibatchIndices}.
 */
public final class Minibatches implements DataSource<Minibatch> {
    private final INDArray data;
    private final MinibatchIndices schedule;

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
        this.data = data;
        this.schedule = new MinibatchIndices(data.size(0), batchSize, seed);
    }

    /** The row schedule (which rows each step takes), without the data. */
    public MinibatchIndices schedule() { return schedule; }
    /** The number of rows \(N\). */
    public long rows() { return schedule.rows(); }
    /** The batch size \(m\). */
    public int batchSize() { return schedule.batchSize(); }
    /** The number of batches per epoch, \(\lfloor N/m \rfloor\). */
    public long batchesPerEpoch() { return schedule.batchesPerEpoch(); }
    /** The subsampling weight \(N/m\). */
    public double scale() { return schedule.scale(); }

    /** The epoch that step {@code step} belongs to. */
    public long epochOf(long step) {
        return schedule.epochOf(step);
    }

    /** The row indices of the batch for {@code step}. */
    public int[] indices(long step) {
        return schedule.indices(step);
    }

    @Override
    public Minibatch batch(long step) {
        int[] idx = indices(step);
        INDArray picked = data.rank() == 1
                ? data.reshape(rows(), 1).getRows(idx).reshape(batchSize())
                : data.getRows(idx);
        return new Minibatch(picked, scale());
    }
}
