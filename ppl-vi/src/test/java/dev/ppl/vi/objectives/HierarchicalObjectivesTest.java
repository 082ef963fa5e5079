package dev.ppl.vi.objectives;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.Unbiased;
import dev.ppl.vi.approx.HierarchicalNormal;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

/**
 * HVI, IWHVI and DIWHVI on the conjugate model \(z \sim N(0, 1)\), \(y \mid z \sim N(z, 1)\) with the
 * hierarchical guide \(u \sim N(0, 1)\), \(z \sim N(m + a u, s)\): HVI against its closed form
 * \(E_q[\log p(y, z)] + \frac12 \log(2\pi e s^2)\) (value and gradient), IWHVI's value and gradient against a
 * precise Monte Carlo reference (\(2 \cdot 10^5\) samples of the pathwise derivative), and the ordering
 * \(\mathrm{HVI} < \mathrm{IWHVI}_3 < \mathrm{IWHVI}_{12} \le \mathrm{ELBO}(q) < \log p(y)\),
 * \(\mathrm{IWHVI}_2 < \mathrm{DIWHVI}_{2,6} \le \log p(y)\), each strict gap by 4 standard errors
 * (of paired differences, with common random numbers, where both sides are estimates).
 */
class HierarchicalObjectivesTest {
    static SummaryStatistics estimates(Expectation<Void> e, int n, long seed) {
        return ObjectivesTest.estimates(e, n, seed);
    }

    static double se(SummaryStatistics s) {
        return ObjectivesTest.se(s);
    }

    /** Asserts {@code lo < hi} by more than 4 standard errors of the difference; prints both. */
    static void assertBelow(String what, double lo, double seLo, double hi, double seHi) {
        double gap = hi - lo, se = Math.sqrt(seLo * seLo + seHi * seHi);
        System.out.printf("%s: %.4f (SE %.4f) < %.4f (SE %.4f), gap %.1f SE%n", what, lo, seLo, hi, seHi, gap / se);
        assertTrue(gap > 4 * se, what + ": expected " + lo + " < " + hi + " by 4 SE (" + 4 * se + ")");
    }

    @Test
    void hviIsUnbiasedForItsClosedFormValueAndGradient() {
        HierarchicalNormal h = new HierarchicalNormal(0.2, 0.9, 0.6);
        Unbiased.Exact exact = Unbiased.Exact.of(h::exactHvi, h.params());
        double r = Unbiased.worstRatio(HierarchicalObjectives.hvi(h.problem(1)), null, h.params(), exact, 400, 401);
        System.out.printf("HVI value and gradient: worst |mean - exact| = %.2f x 4 SE%n", r);
        assertTrue(r <= 1, "HVI: an estimate is " + r + " times 4 standard errors from exact");
        // the same check detects a wrong objective: the ELBO of the exact marginal has a different value and gradient
        Unbiased.Exact wrong = Unbiased.Exact.of(h::exactElbo, h.params());
        assertTrue(Unbiased.worstRatio(HierarchicalObjectives.hvi(h.problem(1)), null, h.params(), wrong, 150, 402) > 1,
                "HVI is distinguishable from the exact-marginal ELBO");
    }

    /**
     * Estimates of the objectives with the same keys (common random numbers): for each objective
     * {@code i}, element {@code 2i} holds its estimates' statistics and, for {@code i > 0}, element
     * {@code 2i - 1} those of its difference from objective {@code i - 1}.
     */
    @SafeVarargs
    static SummaryStatistics[] paired(int n, long seed, Expectation<Void>... es) {
        SummaryStatistics[] st = new SummaryStatistics[2 * es.length - 1];
        for (int i = 0; i < st.length; i++) {
            st[i] = new SummaryStatistics();
        }
        for (Rng k : Rng.of(seed).split(n)) {
            double previous = 0;
            for (int i = 0; i < es.length; i++) {
                double x = es[i].estimate(k, null);
                st[2 * i].addValue(x);
                if (i > 0) {
                    st[2 * i - 1].addValue(x - previous);
                }
                previous = x;
            }
        }
        return st;
    }

    /** Asserts that the paired difference {@code d} is positive by more than 4 of its standard errors. */
    static void assertIncrease(String what, SummaryStatistics lo, SummaryStatistics d, SummaryStatistics hi) {
        System.out.printf("%s: %.4f -> %.4f, paired difference %.4f (SE %.4f), %.1f SE%n", what, lo.getMean(),
                hi.getMean(), d.getMean(), se(d), d.getMean() / se(d));
        assertTrue(d.getMean() > 4 * se(d), what + ": the paired difference " + d.getMean() + " is not 4 SE above 0");
    }

    @Test
    void theBoundsAreOrderedAsTheoryStates() {
        // the marginal N(0.3, 0.71^2) is close to the posterior N(0.35, 0.5), so log p(y, z) - log q(z) varies little
        // and the estimates' noise comes from the density estimators being compared; pairs of objectives are run with
        // the same keys, so they share the outer draw and their first auxiliary draws (common random numbers)
        HierarchicalNormal h = new HierarchicalNormal(0.3, 0.6, 0.38);
        double hvi = h.exactHvi().item(), elbo = h.exactElbo().item();
        SummaryStatistics[] iw = paired(100, 411, HierarchicalObjectives.hvi(h.problem(1)),
                HierarchicalObjectives.iwhvi(h.problem(3)), HierarchicalObjectives.iwhvi(h.problem(12)));
        assertTrue(Math.abs(iw[0].getMean() - hvi) < 4 * se(iw[0]), "HVI estimate " + iw[0].getMean() + " vs exact " + hvi);
        assertIncrease("HVI < IWHVI(3)", iw[0], iw[1], iw[2]);
        assertIncrease("IWHVI(3) < IWHVI(12)", iw[2], iw[3], iw[4]);
        assertTrue(iw[4].getMean() < elbo + 4 * se(iw[4]), "IWHVI(12) <= ELBO(q): " + iw[4].getMean() + " vs " + elbo);
        assertBelow("IWHVI(3) < ELBO(q)", iw[2].getMean(), se(iw[2]), elbo, 0);
        assertBelow("ELBO(q) < log p(y)", elbo, 0, HierarchicalNormal.LOG_PY, 0);
        // DIWHVI with one outer sample is IWHVI; more outer samples tighten it, up to log p(y); shown for a guide
        // whose marginal N(-0.5, 0.58^2) is far from the posterior (outer weights matter) and whose auxiliary
        // variable is weakly informative (inner estimates are precise)
        HierarchicalNormal far = new HierarchicalNormal(-0.5, 0.3, 0.5);
        SummaryStatistics[] diw = paired(160, 413, HierarchicalObjectives.diwhvi(far.problem(2), 1),
                HierarchicalObjectives.diwhvi(far.problem(2), 6));
        assertIncrease("IWHVI(2) = DIWHVI(2, 1) < DIWHVI(2, 6)", diw[0], diw[1], diw[2]);
        assertTrue(diw[2].getMean() < HierarchicalNormal.LOG_PY + 4 * se(diw[2]),
                "DIWHVI(2, 6) <= log p(y): " + diw[2].getMean() + " vs " + HierarchicalNormal.LOG_PY);
    }

    /**
     * \(E\) of IWHVI's estimate and of its pathwise gradient in {@code [m, a, l]} by plain Monte Carlo: with
     * \(z = m + a u_1 + s\varepsilon\), \(g_k = \log N(z; m + a u_k, s)\) and \(\bar w = \mathrm{softmax}(g)\), the
     * estimate is \(\log p(z) + \log p(y \mid z) - \log \frac1K \sum_k e^{g_k}\).
     */
    static double[] iwhviReference(double m, double a, double l, int k, int n, long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        double s = Math.exp(l), y = HierarchicalNormal.Y;
        double[] sum = new double[4], u = new double[k], g = new double[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                u[j] = WakeSleepTest.gaussian(rng);
            }
            double eps = WakeSleepTest.gaussian(rng), z = m + a * u[0] + s * eps, max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                g[j] = WakeSleepTest.logNormal(z, m + a * u[j], s);
                max = Math.max(max, g[j]);
            }
            double total = 0;
            for (int j = 0; j < k; j++) {
                total += Math.exp(g[j] - max);
            }
            double dz = -z + (y - z), da = dz * u[0], dl = dz * s * eps;
            for (int j = 0; j < k; j++) {
                double w = Math.exp(g[j] - max) / total, d = z - m - a * u[j];
                da += w * d * (u[0] - u[j]) / (s * s);
                dl -= w * (-d * eps / s + d * d / (s * s) - 1);
            }
            sum[0] += WakeSleepTest.logNormal(z, 0, 1) + WakeSleepTest.logNormal(y, z, 1) - max - Math.log(total / k);
            sum[1] += dz;
            sum[2] += da;
            sum[3] += dl;
        }
        for (int i = 0; i < 4; i++) {
            sum[i] /= n;
        }
        return sum;
    }

    @Test
    void iwhviGradientMatchesAPreciseMonteCarloReference() {
        HierarchicalNormal h = new HierarchicalNormal(0.2, 0.7, 0.6);
        double[] ref = iwhviReference(0.2, 0.7, Math.log(0.6), 4, 200_000, 421);
        Unbiased.Exact exact = new Unbiased.Exact(ref[0], new double[][] {{ref[1]}, {ref[2]}, {ref[3]}});
        double r = Unbiased.worstRatio(HierarchicalObjectives.iwhvi(h.problem(4)), null, h.params(), exact, 400, 422);
        System.out.printf("IWHVI(4) value and gradient: worst |mean - reference| = %.2f x 4 SE (reference %s)%n", r,
                java.util.Arrays.toString(ref));
        assertTrue(r <= 1, "IWHVI(4): an estimate is " + r + " times 4 standard errors from the reference");
        // the reference differs from HVI's gradient, so the check would see auxiliary draws that were ignored
        double[] hvi = Unbiased.Exact.of(h::exactHvi, h.params()).gradient()[1];
        System.out.printf("d/da: IWHVI(4) reference %.4f, HVI exact %.4f%n", ref[2], hvi[0]);
        assertTrue(Math.abs(ref[2] - hvi[0]) > 0.3, "IWHVI(4) and HVI gradients differ here");
    }

    @Test
    void theObjectivesNeedAMarginalGuide() {
        HierarchicalNormal h = new HierarchicalNormal(0.2, 0.5, 0.9);
        VariationalProblem<Void> joint = VariationalProblem.of(h.model, h.joint, h.observations());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HierarchicalObjectives.iwhvi(joint));
        assertTrue(e.getMessage().contains("Marginal"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HierarchicalObjectives.hvi(h.problem(3)));
        assertTrue(e.getMessage().contains("iwhvi"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HierarchicalObjectives.diwhvi(h.problem(3), 0));
    }
}
