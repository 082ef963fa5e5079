package dev.ppl.vi.spark;

import dev.ppl.autodiff.optim.Optimizer;
import dev.ppl.vi.train.Trainer;
import dev.ppl.vi.train.TrainerBuilder;

/**
 * The library's {@link Trainer} on a Spark cluster: a builder for a trainer of the driver's
 * parameters ({@link SparkGradients#params}) whose step gradients come from
 * {@link SparkGradients}. Everything else is the single-process trainer's: the key of step
 * \(s\) is {@code Rng.of(seed).fold(s)}, the optimizer steps on the driver, the non-finite guard
 * skips steps whose summed value or gradient is not finite, checkpoints are written on the
 * driver (atomically, with the integrity check and the configuration fingerprint, which here
 * also holds the record count, batch size, data seed and partition sizes), and
 * {@link Trainer#resume} continues bit-exactly.
 *
 * <pre>{@code
 * try (SparkGradients<float[], Minibatch> g = SparkGradients.over(rdd, factory, 128, seed)) {
 *     Trainer<Void> t = SparkTrainer.builder(g, new Adam(1e-3)).seed(seed).steps(10_000)
 *             .checkpointEvery(500, Path.of("run.ckpt")).listener(progress).build();
 *     t.train();
 * }
 * }</pre>
 */
public final class SparkTrainer {
    private SparkTrainer() {}

    /** A trainer builder for {@code gradients}' driver parameters, with {@code optimizer} on the driver. */
    public static TrainerBuilder<Void> builder(SparkGradients<?, ?> gradients, Optimizer optimizer) {
        return Trainer.builder(gradients, gradients.params(), optimizer);
    }
}
