package dev.ppl.vi.objectives;

import static dev.ppl.vi.Unbiased.assertUnbiased;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.Unbiased;
import dev.ppl.vi.strategy.Strategies;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The objective library on a conjugate model \(z \sim N(0, 1)\), \(x \sim N(z, \sigma)\) with \(x\)
 * observed (closed-form \(\log p(x)\), posterior and ELBO), and on a model with a Bernoulli latent
 * for VIMCO (exact expected IWELBO by enumerating the \(2^K\) particle configurations).
 */
@Tag("statistical")
class ObjectivesTest {
    static final double SIGMA = 0.8, X = 1.3;
    static final double POST_VAR = 1.0 / (1.0 + 1.0 / (SIGMA * SIGMA)), POST_MEAN = POST_VAR * X / (SIGMA * SIGMA);
    static final double LOG_PX = new NormalDistribution(0, Math.sqrt(1 + SIGMA * SIGMA)).logDensity(X);

    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    /** The conjugate problem with guide \(N(m, e^s)\); its parameters are {@code [m, s]}. */
    record Conjugate(VariationalProblem<Void> problem, Var m, Var s) {
        static Conjugate at(double mean, double sd) {
            Var m = Var.param(Nd4j.scalar(mean)), s = Var.param(Nd4j.scalar(Math.log(sd)));
            GenerativeFunction<Void, Var> model = Gen.fn("model", (ctx, a) -> {
                Var z = ctx.sample("z", Normal.of(c(0), c(1)));
                return ctx.sample("x", Normal.of(z, c(SIGMA)));
            });
            GenerativeFunction<Void, Var> guide = Gen.fn("guide", List.of(m, s), (ctx, a) -> ctx.sample("z", Normal.of(m, s.exp())));
            return new Conjugate(VariationalProblem.of(model, guide, ChoiceMap.of("x", Nd4j.scalar(X))), m, s);
        }

        static Conjugate posterior() {
            return at(POST_MEAN, Math.sqrt(POST_VAR));
        }

        /** A deliberately poor guide: shifted and too narrow. */
        static Conjugate poor() {
            return at(-0.3, 0.35);
        }

        List<Var> params() {
            return List.of(m, s);
        }

        /** \(E_q[\log p(z) + \log p(x | z) - \log q(z)]\) in closed form, with Var ops. */
        Var exactElbo() {
            Var sd2 = s.mul(2.0).exp();
            double log2pi = Math.log(2 * Math.PI);
            Var prior = m.square().add(sd2).mul(-0.5).sub(0.5 * log2pi);
            Var lik = m.rsub(X).square().add(sd2).div(-2 * SIGMA * SIGMA).sub(0.5 * log2pi + Math.log(SIGMA));
            Var entropy = s.add(0.5 + 0.5 * log2pi);
            return prior.add(lik).add(entropy);
        }
    }

    static SummaryStatistics estimates(Expectation<Void> e, int n, long seed) {
        SummaryStatistics st = new SummaryStatistics();
        for (Rng k : Rng.of(seed).split(n)) {
            st.addValue(e.estimate(k, null));
        }
        return st;
    }

    static double se(SummaryStatistics s) {
        return s.getStandardDeviation() / Math.sqrt(s.getN());
    }

    /** Asserts {@code lo < hi} by more than 4 standard errors of the difference. */
    static void assertBelow(String what, double lo, double seLo, double hi, double seHi) {
        double gap = hi - lo, se = Math.sqrt(seLo * seLo + seHi * seHi);
        assertTrue(gap > 4 * se, what + ": expected " + lo + " < " + hi + " by 4 SE (" + 4 * se + ")");
    }

    @Test
    void theElboIsExactAtThePosteriorAndUnbiasedElsewhere() {
        Conjugate post = Conjugate.posterior();
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(LOG_PX, Objectives.elbo(post.problem()).estimate(Rng.of(seed), null), 1e-9);
        }
        Conjugate poor = Conjugate.poor();
        assertUnbiased("ELBO", Objectives.elbo(poor.problem()), null, poor.params(),
                Unbiased.Exact.of(poor::exactElbo, poor.params()), 2000, 11);
    }

    @Test
    void theIwelboIsExactAtThePosteriorForEveryK() {
        Conjugate post = Conjugate.posterior();
        for (int k : new int[] {1, 2, 5, 20}) {
            assertEquals(LOG_PX, Objectives.iwelbo(post.problem(), k).estimate(Rng.of(k), null), 1e-9, "K = " + k);
        }
    }

    @Test
    void theIwelboIncreasesWithKTowardsLogP() {
        Conjugate poor = Conjugate.poor();
        double elbo = poor.exactElbo().item();
        SummaryStatistics k1 = estimates(Objectives.iwelbo(poor.problem(), 1), 1000, 21);
        SummaryStatistics k5 = estimates(Objectives.iwelbo(poor.problem(), 5), 300, 22);
        SummaryStatistics k50 = estimates(Objectives.iwelbo(poor.problem(), 50), 120, 23);
        assertTrue(Math.abs(k1.getMean() - elbo) < 4 * se(k1), "K = 1 is the ELBO: " + k1.getMean() + " vs " + elbo);
        assertBelow("K = 1 < K = 5", k1.getMean(), se(k1), k5.getMean(), se(k5));
        assertBelow("K = 5 < K = 50", k5.getMean(), se(k5), k50.getMean(), se(k50));
        assertTrue(k50.getMean() < LOG_PX + 4 * se(k50), "K = 50 is below log p(x): " + k50.getMean() + " vs " + LOG_PX);
    }

    @Test
    void theIwelboGradientForOneParticleIsTheElboGradient() {
        Conjugate poor = Conjugate.poor();
        assertUnbiased("IWELBO(1)", Objectives.iwelbo(poor.problem(), 1), null, poor.params(),
                Unbiased.Exact.of(poor::exactElbo, poor.params()), 2000, 31);
    }

    /** Model \(b \sim \mathrm{Bern}(0.3)\), \(x \sim N(b\,\mu_1 + (1 - b)(-1), 1)\), \(x = 0.5\); guide \(\mathrm{Bern}(\sigma(l))\). */
    record Discrete(VariationalProblem<Void> problem, Var l, Var mu1) {
        static final double PRIOR = 0.3, XD = 0.5;

        static Discrete create() {
            Var l = Var.param(Nd4j.scalar(0.4)), mu1 = Var.param(Nd4j.scalar(1.5));
            GenerativeFunction<Void, Var> model = Gen.fn("model", List.of(mu1), (ctx, a) -> {
                Var b = ctx.sample("b", Bernoulli.ofProbs(c(PRIOR)));
                return ctx.sample("x", Normal.of(mean(b, mu1), c(1)));
            });
            GenerativeFunction<Void, Var> guide = Gen.fn("guide", List.of(l), (ctx, a) -> ctx.sample("b", Bernoulli.ofLogits(l)));
            return new Discrete(VariationalProblem.of(model, guide, ChoiceMap.of("x", Nd4j.scalar(XD))), l, mu1);
        }

        static Var mean(Var b, Var mu1) {
            return b.mul(mu1).add(b.rsub(1.0).mul(-1.0));
        }

        List<Var> params() {
            return List.of(l, mu1);
        }

        /** \(E[\log \frac1K \sum_k w_k]\) by enumerating the \(2^K\) configurations of the particles. */
        Var exactIwelbo(int k) {
            Var[] lw = new Var[2], lq = new Var[2];
            for (int v = 0; v < 2; v++) {
                lq[v] = Bernoulli.ofLogits(l).logDensity(c(v));
                lw[v] = Bernoulli.ofProbs(c(PRIOR)).logDensity(c(v)).add(Normal.of(mean(c(v), mu1), c(1)).logDensity(c(XD))).sub(lq[v]);
            }
            Var total = null;
            for (int config = 0; config < (1 << k); config++) {
                Var logProb = c(0);
                Var[] w = new Var[k];
                for (int i = 0; i < k; i++) {
                    int v = (config >> i) & 1;
                    logProb = logProb.add(lq[v]);
                    w[i] = lw[v];
                }
                Var term = logProb.exp().mul(Var.stack(0, w).logSumExp(false, 0).sub(Math.log(k)));
                total = total == null ? term : total.add(term);
            }
            return total;
        }
    }

    @Test
    void vimcoIsUnbiasedForTheGradientOfTheExpectedIwelbo() {
        Discrete d = Discrete.create();
        Unbiased.Exact exact = Unbiased.Exact.of(() -> d.exactIwelbo(3), d.params());
        assertUnbiased("VIMCO(3)", Objectives.vimco(d.problem(), 3), null, d.params(), exact, 1500, 41);
        // the check is sensitive: the IWELBO with the guide's choices drawn without score terms is caught
        Expectation<Void> noScore = Objectives.iwelbo(d.problem(), 3).withStrategy(Selection.all(), Strategies.SAMPLE_ONLY);
        assertTrue(Unbiased.worstRatio(noScore, null, d.params(), exact, 300, 42) > 1, "a score-free IWELBO gradient is biased");
        // the IWELBO with the engine's default (REINFORCE) for the discrete guide is unbiased too, without control variates
        assertUnbiased("IWELBO(3), REINFORCE", Objectives.iwelbo(d.problem(), 3), null, d.params(), exact, 600, 43);
        assertThrows(IllegalArgumentException.class, () -> Objectives.vimco(d.problem(), 1));
    }

    static SummaryStatistics gradients(Expectation<Void> e, List<Var> params, Var of, int n, long seed) {
        SummaryStatistics st = new SummaryStatistics();
        for (Rng k : Rng.of(seed).split(n)) {
            st.addValue(e.gradEstimate(k, null, params).gradients().get(of).getDouble(0));
        }
        return st;
    }

    @Test
    void vimcoLowersTheVarianceOfTheGuideGradientComparedWithPlainReinforce() {
        Discrete d = Discrete.create();
        double vimco = gradients(Objectives.vimco(d.problem(), 3), d.params(), d.l(), 300, 44).getStandardDeviation();
        double plain = gradients(Objectives.iwelbo(d.problem(), 3), d.params(), d.l(), 300, 45).getStandardDeviation();
        assertTrue(vimco < plain / 2, "VIMCO's leave-one-out control variates: sd " + vimco + " vs REINFORCE's " + plain);
    }

    @Test
    void renyiAtAlphaZeroIsTheIwelboAndIsExactAtThePosterior() {
        Conjugate poor = Conjugate.poor();
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(Objectives.iwelbo(poor.problem(), 5).estimate(Rng.of(seed), null),
                    Objectives.renyi(poor.problem(), 0.0, 5).estimate(Rng.of(seed), null), 1e-12);
        }
        Conjugate post = Conjugate.posterior();
        for (double alpha : new double[] {-1.0, 0.0, 0.5, 2.0}) {
            assertEquals(LOG_PX, Objectives.renyi(post.problem(), alpha, 4).estimate(Rng.of(7), null), 1e-9, "alpha = " + alpha);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Objectives.renyi(poor.problem(), 1.0, 5));
        assertTrue(e.getMessage().contains("elbo"), e.getMessage());
    }

    @Test
    void renyiAtAlphaOneHalfLiesBetweenTheElboAndLogP() {
        Conjugate poor = Conjugate.poor();
        SummaryStatistics vr = estimates(Objectives.renyi(poor.problem(), 0.5, 10), 300, 51);
        assertBelow("ELBO < VR(1/2)", poor.exactElbo().item(), 0.0, vr.getMean(), se(vr));
        assertBelow("VR(1/2) < log p(x)", vr.getMean(), se(vr), LOG_PX, 0.0);
    }

    @Test
    void cuboIsExactAtThePosteriorAndAboveLogPForAPoorGuide() {
        Conjugate post = Conjugate.posterior();
        for (int k : new int[] {1, 10}) {
            assertEquals(LOG_PX, Objectives.cubo(post.problem(), 2.0, k).estimate(Rng.of(k), null), 1e-9);
        }
        // an overdispersed guide (the chi^2 divergence is finite and the K-sample estimate nearly unbiased)
        Conjugate wide = Conjugate.at(POST_MEAN - 0.4, 1.2);
        SummaryStatistics cubo = estimates(Objectives.cubo(wide.problem(), 2.0, 10), 200, 61);
        assertBelow("log p(x) < CUBO", LOG_PX, 0.0, cubo.getMean(), se(cubo));
        assertThrows(IllegalArgumentException.class, () -> Objectives.cubo(post.problem(), 1.0, 10));
    }
}
