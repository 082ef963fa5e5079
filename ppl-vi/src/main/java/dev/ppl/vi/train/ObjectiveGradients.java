package dev.ppl.vi.train;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;

/**
 * The in-process {@link GradientSource}: step \(s\) estimates {@code objective} on
 * {@code data.batch(s)} with key \(k_s\), {@code objective.gradEstimateInto(k_s, batch, params, c)}.
 * The first call checks the objective's parameter coverage ({@link ParameterCoverage}) unless
 * untrained parameters are allowed. Not thread-safe (one trainer's).
 */
final class ObjectiveGradients<B> implements GradientSource {
    private final Expectation<B> objective;
    private final DataSource<B> data;
    private final boolean allowUntrained;
    private boolean coverageChecked;

    ObjectiveGradients(Expectation<B> objective, DataSource<B> data, boolean allowUntrained) {
        this.objective = objective;
        this.data = data;
        this.allowUntrained = allowUntrained;
    }

    @Override
    public double estimateInto(long step, Rng key, Params params, double c) {
        B batch = data.batch(step);
        if (coverageChecked || allowUntrained) {
            return objective.gradEstimateInto(key, batch, params, c);
        }
        Var t = objective.surrogate(key, batch);
        ParameterCoverage.require(t, params);
        coverageChecked = true;
        params.computeGrads(t, c);
        return t.item();
    }

    @Override
    public String describeBatch(long step) {
        return BatchDescription.of(data.batch(step));
    }
}
