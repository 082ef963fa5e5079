package dev.ppl.vi.train;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.dist.Rng;

/**
 * Where a {@link Trainer} gets each step's gradient estimate. At step \(s\) the trainer calls
 * {@link #estimateInto} with the key \(k_s\) = {@code Rng.of(seed).fold(s)}; the source writes
 * \(c \cdot \hat g_s\) into {@link Params#flatGrads()} (replacing its contents), where \(\hat g_s\) is
 * an unbiased estimate of \(\nabla_\theta L\) of the objective \(L\) being maximized and \(c\) is the
 * trainer's constant (\(-1\): optimizers minimize), and returns the matching estimate \(\hat L_s\).
 * The estimate must be a pure function of \((s, k_s, \theta)\), so that a resumed run repeats the
 * uninterrupted one exactly.
 *
 * <p>{@link Trainer#builder(dev.ppl.vi.Expectation, DataSource, Params, dev.ppl.autodiff.optim.Optimizer)}
 * uses an in-process source (the objective on {@code data.batch(s)}); other sources compute the
 * same quantity elsewhere, e.g. {@code dev.ppl.vi.spark.SparkGradients} sums per-partition
 * estimates computed on a cluster. {@link Trainer#builder(GradientSource, Params,
 * dev.ppl.autodiff.optim.Optimizer)} trains with any source.
 */
public interface GradientSource {
    /**
     * Sets the gradient buffer of {@code params} to \(c\,\hat g_s\) for step {@code step} and key
     * {@code key}; returns \(\hat L_s\) (possibly non-finite: the trainer's guard then skips the step).
     */
    double estimateInto(long step, Rng key, Params params, double c);

    /** A short description of step {@code step}'s data, for the message when training stops on non-finite steps. */
    default String describeBatch(long step) {
        return "step " + step;
    }

    /**
     * The source's entries for the checkpoint's configuration fingerprint (e.g. the batch size and
     * the data layout), so that a resume refuses a checkpoint of a differently configured source.
     */
    default java.util.Map<String, String> configuration() {
        return java.util.Map.of();
    }
}
