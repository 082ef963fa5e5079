package dev.ppl.vi.approx;

import static dev.ppl.vi.approx.HierarchicalNormal.LOG_PY;
import static dev.ppl.vi.approx.HierarchicalNormal.Y;
import static dev.ppl.vi.approx.HierarchicalNormal.c;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Expectation;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

/**
 * {@link Target} and {@link ImportanceSampler} on \(z \sim N(0, 1)\), \(y \mid z \sim N(z, 1)\),
 * \(y = 0.7\): \(p(y) = N(y; 0, \sqrt 2)\) and the posterior \(N(y/2, \sqrt{1/2})\) are known.
 * \(\hat Z\) is unbiased for \(p(y)\) (prior and custom proposals), \(E[\log \hat Z] < \log p(y)\), and
 * the conditional sampler started at an exact posterior draw gives \(E[1/\hat Z] = 1/p(y)\).
 */
class TargetTest {
    static final GenerativeFunction<Void, Var> PROPOSAL = Gen.fn("proposal", (ctx, a) -> ctx.sample("z", Normal.of(c(0.3), c(0.9))));

    static SummaryStatistics estimates(Expectation<Void> e, int n, long seed) {
        SummaryStatistics st = new SummaryStatistics();
        for (Rng k : Rng.of(seed).split(n)) {
            st.addValue(e.estimate(k, null));
        }
        return st;
    }

    /** Asserts that the mean of {@code s} is within 4 standard errors of {@code exact}; prints the distance. */
    static void assertMean(String what, SummaryStatistics s, double exact) {
        double se = s.getStandardDeviation() / Math.sqrt(s.getN());
        System.out.printf("%s: mean %.5f, exact %.5f, %.2f SE%n", what, s.getMean(), exact, (s.getMean() - exact) / se);
        assertTrue(Math.abs(s.getMean() - exact) < 4 * se, what + ": mean " + s.getMean() + " vs exact " + exact + " (SE " + se + ")");
    }

    @Test
    void theNormalizerEstimateIsUnbiasedForTheMarginalLikelihood() {
        Target<Void> target = Target.of(new HierarchicalNormal(0, 1, 1).model, ChoiceMap.of("y", c(Y)));
        for (ImportanceSampler<Void> is : List.of(target.importance(3), target.importance(PROPOSAL, 3))) {
            SummaryStatistics z = estimates(Expectation.of((ctx, a) -> is.logNormalizer(ctx, "is", a).exp()), 400, 501);
            assertMean("Z-hat", z, Math.exp(LOG_PY));
        }
        // log Z-hat is a lower bound in expectation (Jensen), strictly for one prior particle
        SummaryStatistics logZ = estimates(Expectation.of((ctx, a) -> target.importance(1).logNormalizer(ctx, "is", a)), 300, 502);
        double se = logZ.getStandardDeviation() / Math.sqrt(logZ.getN());
        assertTrue(logZ.getMean() + 4 * se < LOG_PY, "E[log Z-hat] " + logZ.getMean() + " below log p(y) " + LOG_PY);
    }

    @Test
    void theReciprocalNormalizerIsUnbiasedGivenAnExactPosteriorSample() {
        Target<Void> target = Target.of(new HierarchicalNormal(0, 1, 1).model, ChoiceMap.of("y", c(Y)));
        for (ImportanceSampler<Void> is : List.of(target.importance(4), target.importance(PROPOSAL, 4))) {
            SummaryStatistics r = estimates(Expectation.of((ctx, a) -> {
                Var exact = ctx.sample("exact", Normal.of(c(Y / 2), c(Math.sqrt(0.5))));
                return is.logReciprocalNormalizer(ctx, "is", ChoiceMap.of("z", exact), a).exp();
            }), 400, 503);
            assertMean("1/Z-hat", r, Math.exp(-LOG_PY));
        }
    }

    @Test
    void sampleReturnsOneOfTheParticlesLatentsWithTheirNormalizer() {
        Target<Void> target = Target.of(new HierarchicalNormal(0, 1, 1).model, ChoiceMap.of("y", c(Y)));
        ImportanceSampler<Void> is = target.importance(5);
        ImportanceSampler.Sample[] out = new ImportanceSampler.Sample[1];
        double logZ = Expectation.<Void>of((ctx, a) -> {
            out[0] = is.sample(ctx, "is", a);
            return is.logNormalizer(ctx, "again", a).mul(0.0).add(out[0].logNormalizer());
        }).estimate(Rng.of(9), null);
        assertEquals(List.of(dev.ppl.core.Address.parse("z")), out[0].latents().addresses());
        assertEquals(out[0].logNormalizer().item(), logZ, 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.importance(0));
        assertTrue(e.getMessage().contains("model"), e.getMessage());
    }
}
