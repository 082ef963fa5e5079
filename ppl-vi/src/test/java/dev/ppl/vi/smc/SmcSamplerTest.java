package dev.ppl.vi.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.combinators.Unfold;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.approx.Target;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SMC on a linear-Gaussian state-space model against the Kalman filter's exact
 * \(\log p(y_{1:T})\): \(\hat Z / p(y)\) has mean 1 for both proposals and every resampling scheme.
 */
@Tag("statistical")
class SmcSamplerTest {
    static final int K = 10, RUNS = 300;
    final LinearGaussian lg = LinearGaussian.optimalGuide(7);

    /** Mean of \(\hat Z / p(y)\) over {@code RUNS} sweeps, within 4 standard errors of 1. */
    void assertUnbiased(SmcSampler<Var> smc, long seed) {
        double logPy = lg.logEvidence();
        SummaryStatistics ratio = new SummaryStatistics();
        for (Rng key : Rng.of(seed).split(RUNS)) {
            ratio.addValue(Math.exp(smc.run(key, lg.init()).logNormalizer() - logPy));
        }
        double se = ratio.getStandardDeviation() / Math.sqrt(RUNS);
        System.out.printf("SMC %s %s: mean Z/p(y) = %.4f, se %.4f%n", smc.proposal(), smc.policy(), ratio.getMean(), se);
        assertEquals(1.0, ratio.getMean(), 4 * se, smc.proposal() + ", " + smc.policy() + ": se " + se);
        assertTrue(se < 0.2, "the test must have power: se " + se);
    }

    @Test
    void bootstrapNormalizerIsUnbiasedForEveryScheme() {
        long seed = 100;
        for (Resampling scheme : Resampling.values()) {
            assertUnbiased(SmcSampler.bootstrap(lg.target(), K).withResampling(ResamplingPolicy.everyStep(scheme)), seed++);
        }
        assertUnbiased(SmcSampler.bootstrap(lg.target(), K), seed);
    }

    @Test
    void guidedNormalizerIsUnbiasedForEveryScheme() {
        Proposal<Var> guide = Proposal.of(lg.guideKernel);
        long seed = 200;
        for (Resampling scheme : Resampling.values()) {
            assertUnbiased(SmcSampler.of(lg.target(), guide, K).withResampling(ResamplingPolicy.everyStep(scheme)), seed++);
        }
        assertUnbiased(SmcSampler.of(lg.target(), guide, K).withResampling(ResamplingPolicy.adaptive(Resampling.STRATIFIED, 0.7)), seed);
    }

    @Test
    void sameKeyGivesTheSameSweep() {
        SmcSampler<Var> smc = SmcSampler.of(lg.target(), Proposal.of(lg.guideKernel), K)
                .withResampling(ResamplingPolicy.everyStep(Resampling.MULTINOMIAL));
        SmcResult<Var> a = smc.run(Rng.of(5), lg.init()), b = smc.run(Rng.of(5), lg.init()), c = smc.run(Rng.of(6), lg.init());
        assertEquals(a.logNormalizer(), b.logNormalizer(), 0.0);
        assertEquals(a.states().get(3).item(), b.states().get(3).item(), 0.0);
        assertTrue(a.logNormalizer() != c.logNormalizer());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), a.resampledBefore());
        assertEquals(LinearGaussian.T + 1, a.trajectories().get(0).size());
        assertEquals(a.states().get(0).item(), a.trajectories().get(0).get(LinearGaussian.T).item(), 0.0);
    }

    @Test
    void withoutResamplingTheSweepIsImportanceSamplingOfTheSequence() {
        SmcResult<Var> r = SmcSampler.bootstrap(lg.target(), K).withResampling(ResamplingPolicy.never()).run(Rng.of(3), lg.init());
        assertEquals(List.of(), r.resampledBefore());
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double w : r.logWeights()) {
            max = Math.max(max, w);
        }
        for (double w : r.logWeights()) {
            sum += Math.exp(w - max);
        }
        assertEquals(max + Math.log(sum / K), r.logNormalizer(), 1e-9);
    }

    @Test
    void badInputIsAnErrorNamingTheValue() {
        IllegalArgumentException k0 = assertThrows(IllegalArgumentException.class, () -> SmcSampler.bootstrap(lg.target(), 0));
        assertTrue(k0.getMessage().contains("K = 0"), k0.getMessage());
        for (double tau : new double[] {-0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ResamplingPolicy.adaptive(Resampling.SYSTEMATIC, tau));
            assertTrue(e.getMessage().contains(Double.toString(tau)), e.getMessage());
        }
        GenerativeFunction<Var, Var> notUnfold = Gen.fn("flat", (ctx, a) -> ctx.sample("x", Normal.of(0.0, 1.0)));
        IllegalArgumentException nu = assertThrows(IllegalArgumentException.class,
                () -> SmcSampler.bootstrap(Target.of(notUnfold, ChoiceMap.empty()), 3));
        assertTrue(nu.getMessage().contains("'flat'") && nu.getMessage().contains("Unfold"), nu.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> SmcSampler.bootstrap(Target.of(Unfold.of(lg.kernel, 0), ChoiceMap.empty()), 3));
        assertTrue(none.getMessage().contains("has 0"), none.getMessage());
        ChoiceMap stray = lg.observations.merge(ChoiceMap.of("11/y", Nd4j.scalar(0.0)));
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> SmcSampler.bootstrap(Target.of(lg.model, stray), 3).run(Rng.of(1), lg.init()));
        assertTrue(s.getMessage().contains("11/y"), s.getMessage());
    }
}
