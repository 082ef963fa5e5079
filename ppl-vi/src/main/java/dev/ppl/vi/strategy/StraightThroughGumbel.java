package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.RelaxedBernoulli;
import dev.ppl.dist.discrete.Bernoulli;

/**
 * The straight-through Gumbel-softmax (Concrete) estimator for a Bernoulli choice (Jang, Gu and
 * Poole 2017; Maddison, Mnih and Teh 2017; Bengio et al. 2013): the value is an exact draw
 * \(b = 1\{\ell + L > 0\}\), \(L\) logistic, so the <b>estimate of the objective is unbiased</b>,
 * while the gradient flows as if the value were the relaxed \(y = \sigma((\ell + L)/\tau)\):
 * \(\partial b / \partial \ell := y(1 - y)/\tau\). The gradient estimate is <b>biased</b> (its bias
 * depends on \(\tau\) and on the continuation), with low variance and one run; it is the
 * relaxation baseline that exact estimators (ENUM, MVD, REINFORCE with baselines) are compared
 * with. Applies to {@link Bernoulli}; for categorical choices write the program with
 * {@code RelaxedCategorical.ofLogits(tau, logits, true)} (one-hot values).
 */
public final class StraightThroughGumbel implements SingleShot {
    private final double temperature;

    StraightThroughGumbel(double temperature) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("straight-through Gumbel: the temperature must be finite and > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    @Override public String name() { return "STRAIGHT_THROUGH(temperature " + temperature + ")"; }
    @Override public boolean appliesTo(Distribution<Var> dist) { return dist instanceof Bernoulli; }

    @Override
    public Var draw(Distribution<Var> dist, Rng rng) {
        Var logits = ((Bernoulli) dist).logits();
        return RelaxedBernoulli.ofLogits(temperature, logits, true).reparamSample(rng).value();
    }
}
