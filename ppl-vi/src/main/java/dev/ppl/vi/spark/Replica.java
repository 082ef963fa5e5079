package dev.ppl.vi.spark;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import java.util.List;

/**
 * One copy of a model, its parameters and its objective program, living in one JVM (the driver
 * or an executor) and built there by a {@link ReplicaFactory}; never serialized. An executor
 * sets the parameter values it is sent into {@link #params()} and estimates the objective on its
 * share of the minibatch. A replica is used by one thread at a time.
 *
 * @param <R> the record type of the data set (one record per data point)
 * @param <B> the objective's argument type (e.g. a {@link dev.ppl.vi.train.Minibatch})
 */
public interface Replica<R, B> {
    /** The parameters \(\theta\); every replica of a factory has the same names and shapes. */
    Params params();

    /**
     * The objective for a shard of {@code size} records whose data terms are weighted by
     * {@code scale}: the program's data plate must have size {@code size} and subsampling scale
     * {@code scale} (e.g. {@code Plate.of(name, size, scale, params, body)}, or the data term
     * multiplied by {@code scale}), and only the data terms may carry it. The trainer passes
     * \(\text{scale} = N / m_p\) for a shard of \(m_p\) records out of \(N\); see
     * {@link SparkGradients} for why the sum over shards is unbiased.
     */
    Expectation<B> objective(int size, double scale);

    /**
     * The objective's arguments for {@code records} (in minibatch order), e.g. the rows stacked
     * into an array; {@code key} is for randomness in the batch itself (e.g. dynamic binarization).
     */
    B batch(List<R> records, Rng key);
}
