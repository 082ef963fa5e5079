package dev.ppl.examples.variance;

import dev.ppl.core.Selection;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import java.util.List;

/**
 * The estimators compared by the variance benchmark, all on the {@link MixtureModel}'s ELBO with
 * \(z\) reparameterized; they differ in the gradient strategy of the discrete choices {@code c}
 * (assignments) and {@code b} (outlier flags): REINFORCE plain, with a constant baseline, a
 * moving-average baseline, a learned (NVIL) baseline, with Rao-Blackwellization by dependency
 * tracking, MVD, ENUM, ENUM_PARALLEL, two mixed assignments, and the biased straight-through
 * Gumbel-softmax relaxation. VIMCO is not among them: it estimates the gradient of the
 * importance-weighted bound, a different objective.
 */
public final class Estimators {
    /** Moving-average decay. */
    public static final double DECAY = 0.9;
    /** Estimates run before measuring the moving-average baseline. */
    public static final int AVERAGE_WARM_UP = 50;
    /** Gradient-ascent steps fitting the learned baseline before measuring. */
    public static final int BASELINE_STEPS = 300;
    /** Learning rate of the learned baseline. */
    public static final double BASELINE_RATE = 0.005;
    /** Temperature of the relaxed estimator. */
    public static final double TEMPERATURE = 0.5;

    private Estimators() {}

    /** The benchmark's rows for {@code model}, plain REINFORCE first. */
    public static List<Estimator> all(MixtureModel model) {
        Expectation<Void> elbo = model.elbo();
        double constant = model.exactElbo().item() / model.size();
        return List.of(
                Estimator.of("REINFORCE", true, both(elbo, Strategies.REINFORCE)),
                Estimator.of(String.format("REINFORCE, constant baseline %.2f", constant), true,
                        both(elbo, Strategies.reinforce(constant))),
                movingAverage(elbo),
                learned(model, elbo),
                Estimator.of("REINFORCE, Rao-Blackwellized", true, both(elbo, Strategies.REINFORCE).raoBlackwellize()),
                Estimator.of("MVD", true, both(elbo, Strategies.MVD)),
                Estimator.of("ENUM", true, both(elbo, Strategies.ENUM)),
                Estimator.of("ENUM_PARALLEL", true, both(elbo, Strategies.ENUM_PARALLEL)),
                Estimator.of("MVD c + ENUM b", true,
                        elbo.withStrategy("c", Strategies.MVD).withStrategy("b", Strategies.ENUM)),
                Estimator.of("ENUM_PARALLEL c + REINFORCE b, R-B", true,
                        elbo.withStrategy("c", Strategies.ENUM_PARALLEL).withStrategy("b", Strategies.REINFORCE).raoBlackwellize()),
                Estimator.of("straight-through Gumbel-softmax t=" + TEMPERATURE + " (BIASED)", false,
                        model.relaxedElbo(TEMPERATURE)));
    }

    /** {@code elbo} with {@code strategy} for both discrete choices. */
    static Expectation<Void> both(Expectation<Void> elbo, Strategy strategy) {
        return elbo.withStrategy(Selection.of("c", "b"), strategy);
    }

    private static Estimator movingAverage(Expectation<Void> elbo) {
        Expectation<Void> e = elbo.withStrategy("c", Strategies.movingAverageBaseline(DECAY))
                .withStrategy("b", Strategies.movingAverageBaseline(DECAY));
        return new Estimator("REINFORCE, moving average " + DECAY, true, e, rng -> {
            for (Rng k : rng.split(AVERAGE_WARM_UP)) {
                e.estimate(k, null);
            }
        });
    }

    private static Estimator learned(MixtureModel model, Expectation<Void> elbo) {
        LinearBaseline baseline = new LinearBaseline(model.data());
        Expectation<Void> e = both(elbo, Strategies.learnedBaseline(baseline::value));
        return new Estimator("REINFORCE, learned baseline (NVIL)", true, e,
                rng -> baseline.train(e, model.params(), rng, BASELINE_STEPS, BASELINE_RATE));
    }
}
