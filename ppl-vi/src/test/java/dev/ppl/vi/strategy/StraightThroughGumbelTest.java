package dev.ppl.vi.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.GradientEstimate;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The straight-through Gumbel estimator on \(E[c\,b]\), \(b \sim \mathrm{Bern}(\sigma(\ell))\): the
 * value estimate is unbiased (exact draws); the gradient's mean is the straight-through
 * expectation \(c\,E_L[y(1-y)/\tau]\), \(y = \sigma((\ell + L)/\tau)\), computed here by quadrature,
 * which differs from the true \(c\,p(1-p)\): the estimator is biased, by the predicted amount.
 */
class StraightThroughGumbelTest {
    static final double C = 3.0, LOGIT = 0.4;

    /** \(c \int_0^1 y(1-y)/\tau\,du\) with \(L = \log(u/(1-u))\), midpoint rule. */
    static double predictedGradient(double tau) {
        int n = 200_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double u = (i + 0.5) / n;
            double y = 1 / (1 + Math.exp(-(LOGIT + Math.log(u / (1 - u))) / tau));
            sum += y * (1 - y) / tau;
        }
        return C * sum / n;
    }

    @Test
    void valuesAreExactDrawsAndGradientsAreTheStraightThroughExpectation() {
        double p = 1 / (1 + Math.exp(-LOGIT));
        for (double tau : new double[] {0.5, 1.0}) {
            Var logit = Var.param(Nd4j.scalar(LOGIT));
            Expectation<Void> e = Expectation.<Void>of((ctx, a) -> ctx.sample("b", Bernoulli.ofLogits(logit)).mul(C))
                    .withStrategy("b", Strategies.straightThrough(tau));
            SummaryStatistics values = new SummaryStatistics(), grads = new SummaryStatistics();
            for (Rng k : Rng.of(61).split(4000)) {
                GradientEstimate g = e.gradEstimate(k, null, List.of(logit));
                values.addValue(g.value());
                grads.addValue(g.gradients().get(logit).getDouble(0));
            }
            double seV = values.getStandardDeviation() / Math.sqrt(values.getN());
            double seG = grads.getStandardDeviation() / Math.sqrt(grads.getN());
            assertEquals(C * p, values.getMean(), 4 * seV, "tau " + tau + ": values are exact Bernoulli draws");
            double predicted = predictedGradient(tau), exact = C * p * (1 - p);
            assertEquals(predicted, grads.getMean(), 4 * seG, "tau " + tau + ": mean of the straight-through gradient");
            assertTrue(Math.abs(grads.getMean() - exact) > 4 * seG,
                    "tau " + tau + ": biased, " + grads.getMean() + " vs exact " + exact);
        }
    }

    @Test
    void onlyBernoulliChoicesAndPositiveTemperaturesAreAccepted() {
        Expectation<Void> e = Expectation.<Void>of((ctx, a) -> ctx.sample("x", Normal.of(0.0, 1.0)))
                .withStrategy("x", Strategies.straightThrough(1.0));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> e.estimate(Rng.of(1), null));
        assertTrue(wrong.getMessage().contains("'x'") && wrong.getMessage().contains("STRAIGHT_THROUGH"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Strategies.straightThrough(0.0));
        assertThrows(IllegalArgumentException.class, () -> Strategies.straightThrough(Double.NaN));
    }
}
