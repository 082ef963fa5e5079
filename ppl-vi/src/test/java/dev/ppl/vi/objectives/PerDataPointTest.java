package dev.ppl.vi.objectives;

import static dev.ppl.vi.Unbiased.assertUnbiased;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.plate.Plate;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Unbiased;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-data-point bounds on a plate of local conjugate models \(z_i \sim N(0, 1)\),
 * \(x_i \sim N(z_i, \sigma^2)\), guide \(z_i \sim N(m_i, e^{2 s_i})\): exact at the posterior,
 * unbiased ELBO gradient against the closed form, and a per-point IWELBO tighter than the
 * whole-batch one.
 */
class PerDataPointTest {
    static final double SIGMA = 0.8;
    static final INDArray X = Nd4j.createFromArray(1.3, -0.4, 2.1, 0.2);
    static final int N = 4;
    static final double POST_VAR = 1 / (1 + 1 / (SIGMA * SIGMA));

    static Var ones() {
        return Var.constant(Nd4j.ones(DataType.DOUBLE, N));
    }

    final Var m = Var.param(Nd4j.createFromArray(-0.3, 0.5, 0.0, 1.0));
    final Var s = Var.param(Nd4j.createFromArray(-1.0, -0.2, 0.1, -0.6));

    VariationalProblem<Void> problem() {
        GenerativeFunction<Void, Var> model = Plate.of("model", N, (ctx, a) -> {
            Var z = ctx.sample("z", Normal.of(ones().mul(0.0), ones()));
            return ctx.sample("x", Normal.of(z, ones().mul(SIGMA)));
        });
        GenerativeFunction<Void, Var> guide = Plate.of("guide", N, 1.0, List.of(m, s), (ctx, a) -> ctx.sample("z", Normal.of(m, s.exp())));
        return VariationalProblem.of(model, guide, ChoiceMap.of("x", X));
    }

    double logEvidence() {
        NormalDistribution marginal = new NormalDistribution(0, Math.sqrt(1 + SIGMA * SIGMA));
        double sum = 0;
        for (int i = 0; i < N; i++) {
            sum += marginal.logDensity(X.getDouble(i));
        }
        return sum;
    }

    /** \(\sum_i E_q[\log p(z_i) + \log p(x_i | z_i) - \log q(z_i)]\). */
    Var exactElbo() {
        double log2pi = Math.log(2 * Math.PI);
        Var sd2 = s.mul(2.0).exp();
        Var prior = m.square().add(sd2).mul(-0.5).sub(0.5 * log2pi);
        Var lik = m.sub(Var.constant(X)).square().add(sd2).div(-2 * SIGMA * SIGMA).sub(0.5 * log2pi + Math.log(SIGMA));
        Var entropy = s.add(0.5 + 0.5 * log2pi);
        return prior.add(lik).add(entropy).sum();
    }

    void setPosterior() {
        m.value().assign(X.mul(POST_VAR / (SIGMA * SIGMA)));
        s.value().assign(0.5 * Math.log(POST_VAR));
    }

    @Test
    void boundsAreExactAtThePosterior() {
        setPosterior();
        for (int k : new int[] {1, 3}) {
            assertEquals(logEvidence(), PerDataPoint.iwelbo(problem(), k).estimate(Rng.of(k), null), 1e-9, "K = " + k);
            assertEquals(logEvidence(), PerDataPoint.renyi(problem(), 0.5, k).estimate(Rng.of(k), null), 1e-9, "K = " + k);
        }
    }

    @Test
    void theElboGradientIsUnbiasedAndOneParticleIsTheElbo() {
        assertEquals(PerDataPoint.elbo(problem()).estimate(Rng.of(2), null), PerDataPoint.iwelbo(problem(), 1).estimate(Rng.of(2), null), 1e-12);
        assertEquals(Objectives.elbo(problem()).estimate(Rng.of(2), null), PerDataPoint.elbo(problem()).estimate(Rng.of(2), null), 1e-9);
        assertUnbiased("per-point ELBO", PerDataPoint.elbo(problem()), null, List.of(m, s), Unbiased.Exact.of(this::exactElbo, List.of(m, s)), 1000, 3);
    }

    @Test
    void perPointParticlesGiveATighterBoundThanWholeBatchParticles() {
        SummaryStatistics perPoint = new SummaryStatistics(), batch = new SummaryStatistics();
        for (Rng k : Rng.of(4).split(300)) {
            perPoint.addValue(PerDataPoint.iwelbo(problem(), 5).estimate(k, null));
            batch.addValue(Objectives.iwelbo(problem(), 5).estimate(k, null));
        }
        double se = Math.sqrt(perPoint.getVariance() / 300 + batch.getVariance() / 300);
        assertTrue(perPoint.getMean() - batch.getMean() > 4 * se, perPoint.getMean() + " vs whole-batch " + batch.getMean());
        assertTrue(perPoint.getMean() < logEvidence(), "still a lower bound of log p(x) = " + logEvidence());
    }
}
