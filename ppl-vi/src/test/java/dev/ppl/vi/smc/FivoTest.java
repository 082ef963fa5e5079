package dev.ppl.vi.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.GradientEstimate;
import dev.ppl.vi.objectives.Objectives;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * FIVO on the linear-Gaussian model: the bound ordering FIVO >= IWELBO(K) >= ELBO at the same K
 * with a shifted guide, all below the Kalman filter's \(\log p(y)\), and the gradient with respect
 * to the guide's bias (finite differences of the estimate at a fixed key; the sign when the
 * proposal mean is far from the posterior).
 */
@Tag("statistical")
class FivoTest {
    static final int K = 8;

    static SummaryStatistics estimates(Expectation<Var> e, Var init, int n, long seed) {
        SummaryStatistics st = new SummaryStatistics();
        for (Rng key : Rng.of(seed).split(n)) {
            st.addValue(e.estimate(key, init));
        }
        return st;
    }

    static double se(SummaryStatistics s) {
        return s.getStandardDeviation() / Math.sqrt(s.getN());
    }

    @Test
    void fivoIsAtLeastIwelboWhichIsAtLeastTheElbo() {
        LinearGaussian lg = new LinearGaussian(7, 0.8, 1.0); // shifted and too wide
        SmcSampler<Var> smc = SmcSampler.of(lg.target(), Proposal.of(lg.guideKernel), K)
                .withResampling(ResamplingPolicy.everyStep(Resampling.SYSTEMATIC));
        SummaryStatistics fivo = estimates(Fivo.of(smc), lg.init(), 150, 1);
        SummaryStatistics iw = estimates(Objectives.iwelbo(lg.problem(), K), lg.init(), 150, 2);
        SummaryStatistics elbo = estimates(Objectives.elbo(lg.problem()), lg.init(), 400, 3);
        double logPy = lg.logEvidence();
        System.out.printf("log p(y) = %.4f; FIVO %.4f (se %.4f), IWELBO(%d) %.4f (se %.4f), ELBO %.4f (se %.4f)%n", logPy,
                fivo.getMean(), se(fivo), K, iw.getMean(), se(iw), elbo.getMean(), se(elbo));
        assertTrue(fivo.getMean() > iw.getMean() - 3 * Math.hypot(se(fivo), se(iw)), "FIVO >= IWELBO");
        assertTrue(iw.getMean() > elbo.getMean() - 3 * Math.hypot(se(iw), se(elbo)), "IWELBO >= ELBO");
        assertTrue(fivo.getMean() < logPy + 4 * se(fivo), "FIVO <= log p(y)");
        assertTrue(fivo.getMean() > elbo.getMean() + 4 * Math.hypot(se(fivo), se(elbo)), "FIVO is clearly tighter than the ELBO");
    }

    @Test
    void fivoWithOneParticleIsTheElboOfTheSequence() {
        LinearGaussian lg = new LinearGaussian(7, 0.5, 0.8);
        SmcSampler<Var> smc = SmcSampler.of(lg.target(), Proposal.of(lg.guideKernel), 1);
        SummaryStatistics fivo = estimates(Fivo.of(smc), lg.init(), 300, 4);
        SummaryStatistics elbo = estimates(Objectives.elbo(lg.problem()), lg.init(), 300, 5);
        assertEquals(elbo.getMean(), fivo.getMean(), 4 * Math.hypot(se(fivo), se(elbo)));
    }

    @Test
    void gradientMatchesFiniteDifferencesAtAFixedKey() {
        LinearGaussian lg = new LinearGaussian(7, 0.6, 0.9);
        Expectation<Var> fivo = Fivo.of(SmcSampler.of(lg.target(), Proposal.of(lg.guideKernel), K)
                .withResampling(ResamplingPolicy.everyStep(Resampling.SYSTEMATIC)));
        for (long seed = 1; seed <= 3; seed++) {
            Rng key = Rng.of(seed);
            GradientEstimate g = fivo.gradEstimate(key, lg.init(), lg.params());
            for (Var p : lg.params()) {
                double h = 1e-5, v = p.item();
                p.value().assign(v + h);
                double up = fivo.estimate(key, lg.init());
                p.value().assign(v - h);
                double down = fivo.estimate(key, lg.init());
                p.value().assign(v);
                double fd = (up - down) / (2 * h);
                double ad = g.gradients().get(p).getDouble(0);
                assertEquals(fd, ad, 1e-4 * (1 + Math.abs(fd)), "seed " + seed);
            }
        }
    }

    @Test
    void gradientPullsAFarProposalMeanBackTowardsThePosterior() {
        for (double b : new double[] {3.0, -3.0}) {
            LinearGaussian lg = new LinearGaussian(7, b, 0.8);
            Expectation<Var> fivo = Fivo.of(SmcSampler.of(lg.target(), Proposal.of(lg.guideKernel), K));
            SummaryStatistics db = new SummaryStatistics();
            for (Rng key : Rng.of(9).split(20)) {
                double d = fivo.gradEstimate(key, lg.init(), List.of(lg.bias)).gradients().get(lg.bias).getDouble(0);
                assertTrue(Double.isFinite(d), "finite gradient");
                db.addValue(d);
            }
            System.out.printf("bias %.1f: mean dFIVO/dbias = %.3f (se %.3f)%n", b, db.getMean(), se(db));
            assertTrue(-Math.signum(b) * db.getMean() > 4 * se(db), "bias " + b + ": mean gradient " + db.getMean());
        }
    }
}
