package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The library's strategies and the default choice of one for a distribution: REPARAM where the
 * distribution has a reparameterized sampler, REINFORCE otherwise.
 */
public final class Strategies {
    private Strategies() {}

    /**
     * The most values ENUM enumerates for one choice (the product support of its joint
     * coordinates), one continuation run each; a larger joint support is refused with its size.
     */
    public static final long MAX_ENUMERATED_VALUES = 1024;

    /**
     * The most joint coordinates MVD couples one at a time for one choice (one continuation run
     * each, \(K\) for a Categorical); a choice with more is refused.
     */
    public static final int MAX_MVD_COORDINATES = 64;

    /** Pathwise gradients through a reparameterized draw. */
    public static final Strategy REPARAM = Reparam.INSTANCE;
    /** Score-function gradients without baseline. */
    public static final Strategy REINFORCE = Reinforce.PLAIN;
    /** Exact enumeration by re-running the continuation once per support value. */
    public static final Strategy ENUM = Enumerate.INSTANCE;
    /** Exact enumeration along a new leading tensor axis, in one run (broadcast-safe programs). */
    public static final Strategy ENUM_PARALLEL = ParallelEnumerate.INSTANCE;
    /** Measure-valued derivatives with coupled continuations (Bernoulli, Categorical, Poisson, Geometric). */
    public static final Strategy MVD = MeasureValued.INSTANCE;
    /**
     * Draws \(x \sim p\) with no gradient and no score term; for objectives that form their own
     * score-function terms, like VIMCO. Biased when used alone on a parameterized choice.
     */
    public static final Strategy SAMPLE_ONLY = SampleOnly.INSTANCE;

    /** REINFORCE with a constant baseline \(b\). */
    public static Strategy reinforce(double baseline) {
        return Reinforce.withBaseline(() -> Var.constant(Nd4j.scalar(baseline)));
    }

    /** REINFORCE with a baseline computed when the surrogate is built (e.g. a network's output). */
    public static Strategy reinforce(Supplier<Var> baseline) {
        return Reinforce.withBaseline(baseline);
    }

    /**
     * REINFORCE with an exponential moving-average baseline of decay {@code decay} (a new,
     * mutable instance: see {@link MovingAverageBaseline}).
     */
    public static MovingAverageBaseline movingAverageBaseline(double decay) {
        return new MovingAverageBaseline(decay);
    }

    /**
     * REINFORCE with a learned baseline trained jointly on its squared error (NVIL, see
     * {@link LearnedBaseline}): {@code baseline} is evaluated when the term is built, e.g. a
     * network's output with one value per plate element; its parameters receive
     * \(-\nabla (C - b)^2\) and must be among the parameters given to {@code gradEstimate}.
     */
    public static Strategy learnedBaseline(Supplier<Var> baseline) {
        return new LearnedBaseline(baseline);
    }

    /**
     * The straight-through Gumbel-softmax estimator for Bernoulli choices at temperature
     * {@code temperature}: exact draws (unbiased values), relaxed gradients (biased); see
     * {@link StraightThroughGumbel}.
     */
    public static Strategy straightThrough(double temperature) {
        return new StraightThroughGumbel(temperature);
    }

    /** The default strategy for {@code dist}. */
    public static Strategy defaultFor(Distribution<Var> dist) {
        if (dist instanceof WithStrategy w) {
            return w.strategy();
        }
        return dist.hasReparam() ? REPARAM : REINFORCE;
    }

    /** The distribution inside any {@link #with} annotations. */
    public static Distribution<Var> unwrap(Distribution<Var> dist) {
        return dist instanceof WithStrategy w ? unwrap(w.base()) : dist;
    }

    /** {@code dist} carrying its own strategy (overrides the default, not per-address overrides). */
    public static Distribution<Var> with(Distribution<Var> dist, Strategy strategy) {
        return new WithStrategy(dist, strategy);
    }
}
