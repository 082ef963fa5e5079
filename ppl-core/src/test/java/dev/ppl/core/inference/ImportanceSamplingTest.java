package dev.ppl.core.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conjugate model {@code z ~ N(0, 1), y ~ N(z, 0.5)} with {@code y = 1.2} observed:
 * \(p(y) = N(y; 0, \sqrt{1.25})\), posterior \(N(y/1.25, \sqrt{0.25/1.25})\).
 */
class ImportanceSamplingTest {
    static final double Y = 1.2, SIGMA = 0.5;
    static final double LOG_Z = new NormalDistribution(0, Math.sqrt(1 + SIGMA * SIGMA)).logDensity(Y);
    static final double POST_MEAN = Y / (1 + SIGMA * SIGMA), POST_SD = Math.sqrt(SIGMA * SIGMA / (1 + SIGMA * SIGMA));

    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    static final GenerativeFunction<Void, Var> MODEL = Gen.fn("model", (ctx, a) -> {
        Var z = ctx.sample("z", Normal.of(c(0), c(1)));
        return ctx.sample("y", Normal.of(z, c(SIGMA)));
    });
    static final ChoiceMap OBS = ChoiceMap.of("y", Nd4j.scalar(Y));

    @Test
    void expOfTheLogMarginalLikelihoodEstimateIsUnbiased() {
        SummaryStatistics zhat = new SummaryStatistics();
        Rng[] keys = Rng.of(1).split(300);
        for (Rng k : keys) {
            zhat.addValue(Math.exp(ImportanceSampling.withPrior(k, MODEL, null, OBS, 10).logMarginalLikelihood()));
        }
        double se = zhat.getStandardDeviation() / Math.sqrt(zhat.getN());
        assertEquals(Math.exp(LOG_Z), zhat.getMean(), 4 * se);
    }

    @Test
    void logMarginalLikelihoodEstimateIsConsistent() {
        int k = 2000;
        ImportanceResult<Void, Var> r = ImportanceSampling.withPrior(Rng.of(2), MODEL, null, OBS, k);
        // delta method: sd(log Zhat) ~ sd(w) / (sqrt(K) mean(w)), estimated from the particles
        double[] lw = r.logWeightValues();
        SummaryStatistics weights = new SummaryStatistics();
        for (double v : lw) {
            weights.addValue(Math.exp(v));
        }
        double se = weights.getStandardDeviation() / (Math.sqrt(k) * weights.getMean());
        assertEquals(LOG_Z, r.logMarginalLikelihood(), 4 * se);
        assertTrue(r.effectiveSampleSize() > 100 && r.effectiveSampleSize() <= k, "ESS " + r.effectiveSampleSize());
        double sum = 0;
        for (double w : r.normalizedWeights()) {
            sum += w;
        }
        assertEquals(1.0, sum, 1e-12);
    }

    @Test
    void theExactPosteriorAsProposalGivesEqualWeightsEqualToTheEvidence() {
        GenerativeFunction<Void, Var> posterior = Gen.fn("posterior", (ctx, a) -> ctx.sample("z", Normal.of(c(POST_MEAN), c(POST_SD))));
        ImportanceResult<Void, Var> r = ImportanceSampling.withProposal(Rng.of(3), MODEL, null, OBS, posterior, null, 20);
        for (double w : r.logWeightValues()) {
            assertEquals(LOG_Z, w, 1e-12);
        }
        assertEquals(20.0, r.effectiveSampleSize(), 1e-9);
    }

    @Test
    void aProposalThatMissesLatentChoicesIsRejected() {
        GenerativeFunction<Void, Var> empty = Gen.fn("empty", (ctx, a) -> null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImportanceSampling.withProposal(Rng.of(4), MODEL, null, OBS, empty, null, 2));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImportanceSampling.withPrior(Rng.of(4), MODEL, null, OBS, 0));
    }

    @Test
    void resampledParticlesFollowThePosterior() {
        SummaryStatistics z = new SummaryStatistics();
        Rng[] keys = Rng.of(5).split(300);
        for (Rng k : keys) {
            z.addValue(SamplingImportanceResampling.withPrior(k, MODEL, null, OBS, 50).trace().choices().get("z").item());
        }
        // SIR with K=50 has a small O(1/K) bias: 4 standard errors plus 0.02 for it
        // (standard errors: sd/sqrt(n) for the mean, about sd/sqrt(2n) for the standard deviation)
        assertEquals(POST_MEAN, z.getMean(), 4 * POST_SD / Math.sqrt(z.getN()) + 0.02);
        assertEquals(POST_SD, z.getStandardDeviation(), 4 * POST_SD / Math.sqrt(2.0 * z.getN()) + 0.02);
    }
}
