package dev.ppl.vi.howto;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.ChoiceShape;
import dev.ppl.vi.strategy.MultiShot;
import dev.ppl.vi.strategy.Strategy;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The example of docs/how-to/custom-strategy.md: antithetic reparameterization for a Normal,
 * \(T = \tfrac12 (T_{\mu + \sigma\varepsilon} + T_{\mu - \sigma\varepsilon})\), a multi-shot rule.
 */
class AntitheticHowToTest {
    /** Runs the continuation at the draw and at its mirror image; both stay differentiable. */
    static final MultiShot ANTITHETIC = new MultiShot() {
        @Override public String name() { return "ANTITHETIC"; }
        @Override public boolean appliesTo(Distribution<Var> d) { return d instanceof Normal; }

        @Override
        public Fork fork(Distribution<Var> d, ChoiceShape shape, Rng rng) {
            ReparamSample<Var> s = d.reparamSample(rng);
            Var mirrored = d.reparam(s.noise().neg());
            return new Fork() {
                @Override public List<Var> values() { return List.of(s.value(), mirrored); }

                @Override
                public Var combine(List<Var> t) {
                    return t.get(0).add(t.get(1)).mul(0.5);
                }
            };
        }
    };

    private static SummaryStatistics gradients(Strategy s, Var mu) {
        Expectation<Void> e = Expectation.<Void>of((ctx, a) ->
                ctx.sample("x", Normal.of(mu, Var.constant(Nd4j.scalar(1.0)))).exp()).withStrategy("x", s);
        SummaryStatistics g = new SummaryStatistics();
        for (Rng k : Rng.of(1).split(2000)) {
            g.addValue(e.gradEstimate(k, null, List.of(mu)).gradients().get(mu).getDouble(0));
        }
        return g;
    }

    @Test
    void antitheticRuleIsUnbiasedWithLowerVarianceThanPlainReparam() {
        Var mu = Var.param(Nd4j.scalar(0.3));
        double exact = Math.exp(0.3 + 0.5); // d/dmu E[exp(x)] = exp(mu + 1/2)
        SummaryStatistics anti = gradients(ANTITHETIC, mu), plain = gradients(Strategies.REPARAM, mu);
        double se = anti.getStandardDeviation() / Math.sqrt(anti.getN());
        assertTrue(Math.abs(anti.getMean() - exact) < 4 * se, "mean " + anti.getMean() + " vs " + exact + " (se " + se + ")");
        assertTrue(anti.getVariance() < plain.getVariance(), anti.getVariance() + " vs " + plain.getVariance());
    }
}
