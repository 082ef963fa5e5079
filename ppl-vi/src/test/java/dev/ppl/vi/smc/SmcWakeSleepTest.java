package dev.ppl.vi.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.GradientEstimate;
import dev.ppl.vi.approx.PosteriorSampler;
import dev.ppl.vi.objectives.WakeSleep;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reweighted wake-sleep with an SMC target on {@link TinyDiscrete} (3 steps, 2 particles,
 * systematic resampling at every step): the wake objectives are the library's
 * {@link WakeSleep#pWake} and {@link WakeSleep#qWake} over {@link SmcSampler} as a
 * {@link PosteriorSampler}. Their value and gradient estimates average to
 * \(E[\sum_k W^k_T f(x^k)]\) with \(f = \log q_\phi\) (and \(\nabla_\phi \log q_\phi\)) or
 * \(\nabla_\alpha \log p_\alpha(x, y)\), computed by enumerating every particle draw and ancestor
 * vector with the derivatives written by hand, within 4 standard errors.
 */
@Tag("statistical")
class SmcWakeSleepTest {
    static final int N = 1000;
    final TinyDiscrete tiny = new TinyDiscrete(new double[] {2.3, 0.1, 2.8}, 0.4, -3.3, 2.7, 0.6, -0.8, 2);
    final SmcSampler<Var> smc = tiny.smc(ResamplingPolicy.everyStep(Resampling.SYSTEMATIC));

    /** \(\log q(x)\) of a trajectory and its derivatives in \(\phi_0, \phi_1\). */
    double[] logQ(int[] x, double[] p) {
        double lq = 0, d0 = 0, d1 = 0;
        int prev = 0;
        for (int xt : x) {
            double s = TinyDiscrete.sigmoid(p[0] + p[1] * prev);
            lq += Math.log(xt == 1 ? s : 1 - s);
            d0 += xt - s;
            d1 += (xt - s) * prev;
            prev = xt;
        }
        return new double[] {lq, d0, d1};
    }

    /** \(\partial_\alpha \log p(x, y) = \sum_{t \ge 1} (x_t - \sigma(\alpha + \beta x_{t-1}))\). */
    double dLogPdAlpha(int[] x, double[] p) {
        double d = 0;
        for (int t = 1; t < x.length; t++) {
            d += x[t] - TinyDiscrete.sigmoid(p[2] + tiny.beta * x[t - 1]);
        }
        return d;
    }

    /** \(E[\sum_k W_k f(x^k)]\) for coordinate {@code i} of {@code f}. */
    double smoothed(java.util.function.BiFunction<int[], double[], double[]> f, int i) {
        double[] p = tiny.values();
        return tiny.exact(p, Resampling.SYSTEMATIC, 1.0, (paths, lw, logZ) -> {
            double[] w = TinyDiscrete.normalized(lw);
            double s = 0;
            for (int k = 0; k < w.length; k++) {
                s += w[k] * f.apply(paths[k], p)[i];
            }
            return s;
        });
    }

    SummaryStatistics[] moments(Expectation<Var> e, List<Var> params, long seed) {
        SummaryStatistics[] s = new SummaryStatistics[params.size() + 1];
        java.util.Arrays.setAll(s, i -> new SummaryStatistics());
        for (Rng key : Rng.of(seed).split(N)) {
            GradientEstimate g = e.gradEstimate(key, tiny.init(), params);
            s[0].addValue(g.value());
            for (int i = 0; i < params.size(); i++) {
                s[i + 1].addValue(g.gradients().get(params.get(i)).getDouble(0));
            }
        }
        return s;
    }

    static void assertWithin(String what, SummaryStatistics s, double exact) {
        double se = s.getStandardDeviation() / Math.sqrt(s.getN());
        System.out.printf("%s: %.4f (exact %.4f, se %.4f)%n", what, s.getMean(), exact, se);
        assertEquals(exact, s.getMean(), 4 * se, what + " (se " + se + ")");
    }

    @Test
    void qWakeAveragesTheSmoothedGuideScore() {
        SummaryStatistics[] m = moments(WakeSleep.qWake(smc, tiny.sequenceProposal), List.of(tiny.phi0, tiny.phi1), 31);
        assertWithin("qWake value E[sum_k W_k log q(x^k)]", m[0], smoothed(this::logQ, 0));
        assertWithin("qWake d/dphi0", m[1], smoothed(this::logQ, 1));
        assertWithin("qWake d/dphi1", m[2], smoothed(this::logQ, 2));
    }

    @Test
    void pWakeAveragesTheSmoothedModelScore() {
        SummaryStatistics[] m = moments(WakeSleep.pWake(smc), List.of(tiny.alpha), 32);
        assertWithin("pWake d/dalpha", m[1], smoothed((x, p) -> new double[] {dLogPdAlpha(x, p)}, 0));
    }

    @Test
    void sampleReturnsAParticleTrajectoryWithItsChoicesAndTheSweepsNormalizer() {
        PosteriorSampler.Sample[] out = new PosteriorSampler.Sample[1];
        Expectation.<Var>of((ctx, init) -> {
            out[0] = smc.sample(ctx, "p", init);
            return out[0].logNormalizer();
        }).estimate(Rng.of(4), tiny.init());
        ChoiceMap x = out[0].latents();
        assertEquals(List.of("0/x", "1/x", "2/x"), x.addresses().stream().map(Object::toString).toList());
        assertTrue(Double.isFinite(out[0].logNormalizer().item()));
    }
}
