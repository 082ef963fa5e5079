package dev.ppl.vi.approx;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Selection;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.ExpectationContext;
import dev.ppl.vi.strategy.Strategies;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Runs an estimator written against an {@link ExpectationContext} as plain Monte Carlo: one run
 * of an objective whose choices are all drawn with {@link Strategies#SAMPLE_ONLY} (no gradient
 * paths through values, no score terms), returning the estimator's result.
 */
final class Sampling {
    private Sampling() {}

    static <A, T> T run(Rng rng, A args, BiFunction<ExpectationContext, A, T> estimator) {
        List<T> out = new ArrayList<>(1);
        Expectation.<A>of((ctx, a) -> {
            out.add(estimator.apply(ctx, a));
            return Var.constant(org.nd4j.linalg.factory.Nd4j.scalar(0.0));
        }).withStrategy(Selection.all(), Strategies.SAMPLE_ONLY).surrogate(rng, args);
        return out.get(0);
    }
}
