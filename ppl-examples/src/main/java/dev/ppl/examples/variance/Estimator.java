package dev.ppl.examples.variance;

import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import java.util.function.Consumer;

/**
 * One row of the variance benchmark: a gradient estimator of the {@link MixtureModel}'s ELBO,
 * i.e. the same objective program with a choice of strategies (or, for the relaxed row, a relaxed
 * program), whether it is unbiased, and a warm-up run once before measuring (training a learned
 * baseline, filling a moving average; a no-op for stateless estimators).
 */
public record Estimator(String name, boolean unbiased, Expectation<Void> objective, Consumer<Rng> warmUp) {
    /** A stateless estimator: no warm-up. */
    public static Estimator of(String name, boolean unbiased, Expectation<Void> objective) {
        return new Estimator(name, unbiased, objective, rng -> { });
    }
}
