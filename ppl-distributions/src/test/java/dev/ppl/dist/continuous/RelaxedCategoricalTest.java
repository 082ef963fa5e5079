package dev.ppl.dist.continuous;

import static dev.ppl.dist.ExactArrays.assertDiffers;
import static dev.ppl.dist.ExactArrays.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Validation;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RelaxedCategoricalTest {
    private static final double[][] LOGITS = {{0.5, -1.0, 2.0}, {0.0, 0.0, 0.0}};
    private static final double[] TAUS = {0.4, 1.0, 2.5};

    /** Definition 1 of Maddison et al. (2017) as printed: \((K-1)!\,\tau^{K-1} \prod_k \alpha_k x_k^{-\tau-1} / \sum_i \alpha_i x_i^{-\tau}\). */
    static double paperDensity(double tau, double[] l, double[] x) {
        int k = l.length;
        double denom = 0;
        for (int i = 0; i < k; i++) {
            denom += Math.exp(l[i]) * Math.pow(x[i], -tau);
        }
        double p = Math.pow(tau, k - 1);
        for (int i = 1; i < k; i++) {
            p *= i;
        }
        for (int i = 0; i < k; i++) {
            p *= Math.exp(l[i]) * Math.pow(x[i], -tau - 1) / denom;
        }
        return p;
    }

    private static Var logits() {
        return Var.constant(Nd4j.createFromArray(LOGITS));
    }

    @Test
    void logDensityMatchesTheDefinitionInThePaper() {
        double[][] points = {{0.2, 0.3, 0.5}, {0.001, 0.998, 0.001}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, {0.9, 0.06, 0.04}};
        for (double tau : TAUS) {
            RelaxedCategorical d = RelaxedCategorical.ofLogits(tau, logits());
            for (double[] x : points) {
                INDArray lp = d.logDensity(Var.constant(Nd4j.createFromArray(x))).value();
                assertArrayEquals(new long[] {2}, lp.shape());
                for (int b = 0; b < 2; b++) {
                    double ref = Math.log(paperDensity(tau, LOGITS[b], x));
                    assertEquals(ref, lp.getDouble(b), 1e-9 * (1 + Math.abs(ref)), "tau " + tau + " batch " + b);
                }
            }
        }
    }

    /**
     * For K = 2 the density, taken with respect to Lebesgue measure on \(x_1\) (with
     * \(x_2 = 1 - x_1\)), is the binary Concrete density of \(x_1\) with logits \(\ell_1 - \ell_2\).
     */
    @Test
    void twoCategoriesAgreeWithRelaxedBernoulli() {
        double[][] l = {{0.7, -0.4}, {3.0, 1.0}, {-2.0, 0.0}};
        double[] x1 = {0.13, 0.5, 0.999};
        INDArray x = Nd4j.create(DataType.DOUBLE, 3, 2);
        for (int b = 0; b < 3; b++) {
            x.putScalar(b, 0, x1[b]);
            x.putScalar(b, 1, 1 - x1[b]);
        }
        for (double tau : TAUS) {
            INDArray rc = RelaxedCategorical.ofLogits(tau, Var.constant(Nd4j.createFromArray(l))).logDensity(Var.constant(x)).value();
            INDArray diff = Nd4j.createFromArray(l[0][0] - l[0][1], l[1][0] - l[1][1], l[2][0] - l[2][1]);
            INDArray rb = RelaxedBernoulli.ofLogits(tau, Var.constant(diff)).logDensity(Var.constant(Nd4j.createFromArray(x1))).value();
            for (int b = 0; b < 3; b++) {
                assertEquals(rb.getDouble(b), rc.getDouble(b), 1e-12 * (1 + Math.abs(rb.getDouble(b))), "tau " + tau + " batch " + b);
            }
        }
    }

    /**
     * \(\int p = 1\) for K = 3, in additive-logistic coordinates \(x = \operatorname{softmax}(y_1, y_2, 0)\)
     * with Jacobian \(x_1 x_2 x_3\); the trapezoid rule on a \(401^2\) grid over \([-30/\tau, 30/\tau]^2\).
     */
    @Test
    void densityIntegratesToOneOnTheSimplex() {
        int n = 401;
        for (double tau : new double[] {0.5, 2.0}) {
            double half = 30 / tau + 4, step = 2 * half / (n - 1);
            INDArray x = Nd4j.create(DataType.DOUBLE, (long) n * n, 3);
            double[] jac = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double y1 = -half + i * step, y2 = -half + j * step;
                    double m = Math.max(0, Math.max(y1, y2));
                    double e1 = Math.exp(y1 - m), e2 = Math.exp(y2 - m), e3 = Math.exp(-m), s = e1 + e2 + e3;
                    int row = i * n + j;
                    x.putScalar(row, 0, e1 / s);
                    x.putScalar(row, 1, e2 / s);
                    x.putScalar(row, 2, e3 / s);
                    jac[row] = e1 / s * e2 / s * e3 / s;
                }
            }
            INDArray lp = RelaxedCategorical.ofLogits(tau, Var.constant(Nd4j.createFromArray(LOGITS[0])))
                    .logDensity(Var.constant(x)).value();
            double total = 0;
            for (int r = 0; r < n * n; r++) {
                total += Math.exp(lp.getDouble(r)) * jac[r];
            }
            assertEquals(1.0, total * step * step, 1e-6, "tau " + tau);
        }
    }

    /**
     * At \(\tau = 0.05\) the sample mean of each coordinate lies within 4 standard errors plus
     * the bias bound \(|E x_k - p_k| \le \tau^2 (L\pi^2/6 + \binom{K-1}{2}/(2e))\), where
     * \(L = \max|\varphi'| \approx 0.309\) for the standard Gumbel density \(\varphi\). Proof sketch:
     * condition on the other coordinates \(z_j = \ell_j + G_j\), \(j \ne k\); with
     * \(M = \max_{j\ne k} z_j\) and \(S = \tau\log\sum_{j\ne k} e^{z_j/\tau} \in [M, M + \tau\log(K-1)]\),
     * \(x_k = \sigma((z_k - S)/\tau)\) and \(p_k = P(z_k &gt; M)\). (i)
     * \(E[\sigma((z_k-S)/\tau) - 1\{z_k &gt; S\}]\) integrates the odd function \(\sigma(t) - 1\{t&gt;0\}\)
     * against \(\varphi(S + \tau t)\tau\), so it is at most \(2L\tau^2\int_0^\infty t\,\sigma(-t)\,dt
     * = L\tau^2\pi^2/6\). (ii) \(P(M &lt; z_k \le S) \le \varphi_{\max} E[S - M]\) with
     * \(\varphi_{\max} = 1/e\), and \(S - M \le \tau\sum_{\text{pairs } i,j \ne k} e^{-|z_i - z_j|/\tau}\),
     * where \(z_i - z_j\) is logistic with density at most 1/4, so each term has expectation at
     * most \(\tau/2\).
     */
    @Test
    void sampleMeansApproachTheProbabilitiesAtLowTemperature() {
        double tau = 0.05;
        double[] probs = {0.6, 0.3, 0.1};
        int n = 20_000, k = 3;
        double w = (3 + Math.sqrt(5)) / 2;
        double lipschitz = w * (w - 1) * Math.exp(-w);
        double bias = tau * tau * (lipschitz * Math.PI * Math.PI / 6 + (k - 1) * (k - 2) / 2.0 / (2 * Math.E));
        INDArray l = org.nd4j.linalg.ops.transforms.Transforms.log(Nd4j.createFromArray(probs), false);
        INDArray draws = RelaxedCategorical.ofLogits(tau, Var.constant(l.reshape(1, 3).repeat(0, n))).sample(Rng.of(41)).value();
        for (int c = 0; c < k; c++) {
            INDArray col = draws.getColumn(c);
            double mean = col.meanNumber().doubleValue();
            double se = Math.sqrt(col.varNumber().doubleValue() / n);
            assertEquals(probs[c], mean, 4 * se + bias, "coordinate " + c + " (bias bound " + bias + ")");
        }
    }

    /**
     * Exact laws of the draws: \(\tau\log(x_i/x_j) = \ell_i - \ell_j + G_i - G_j\) is logistic with
     * location \(\ell_i - \ell_j\) (a difference of independent Gumbels), tested for K = 3 by a
     * Kolmogorov-Smirnov test; for K = 2, \(x_1\) follows the binary Concrete CDF
     * \(\sigma(\tau\,\mathrm{logit}(x_1) - (\ell_1 - \ell_2))\).
     */
    @Test
    void drawsFollowTheirExactLaws() {
        int n = 5000;
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        UniformRealDistribution uniform = new UniformRealDistribution(null, 0, 1);
        for (double tau : new double[] {0.4, 2.5}) {
            INDArray x = RelaxedCategorical.ofLogits(tau, Var.constant(Nd4j.createFromArray(LOGITS[0]).reshape(1, 3)
                    .repeat(0, n))).sample(Rng.of(13)).value();
            for (int[] pair : new int[][] {{0, 2}, {1, 0}}) {
                double[] u = new double[n];
                for (int r = 0; r < n; r++) {
                    double d = tau * Math.log(x.getDouble(r, pair[0]) / x.getDouble(r, pair[1]));
                    u[r] = 1 / (1 + Math.exp(-(d - (LOGITS[0][pair[0]] - LOGITS[0][pair[1]]))));
                }
                double p = ks.kolmogorovSmirnovTest(uniform, u);
                assertTrue(p > 1e-3, "tau " + tau + " pair " + pair[0] + "," + pair[1] + ": KS p-value " + p);
            }
            double[] l2 = {0.7, -0.4};
            INDArray y = RelaxedCategorical.ofLogits(tau, Var.constant(Nd4j.createFromArray(l2).reshape(1, 2).repeat(0, n)))
                    .sample(Rng.of(14)).value();
            double[] u = new double[n];
            for (int r = 0; r < n; r++) {
                u[r] = RelaxedBernoulliTest.cdf(tau, l2[0] - l2[1], y.getDouble(r, 0));
            }
            double p = ks.kolmogorovSmirnovTest(uniform, u);
            assertTrue(p > 1e-3, "K = 2, tau " + tau + ": KS p-value " + p);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        INDArray g = Rng.of(9).normal(DataType.DOUBLE, 2, 3);
        for (double tau : TAUS) {
            GradCheck.verify("RelaxedCategorical log density, tau " + tau,
                    v -> RelaxedCategorical.ofLogits(tau, v.get(0)).logDensity(Var.constant(
                            Nd4j.createFromArray(new double[][] {{0.2, 0.3, 0.5}, {0.7, 0.2, 0.1}}))),
                    Nd4j.createFromArray(LOGITS));
            GradCheck.verify("RelaxedCategorical reparam, tau " + tau,
                    v -> RelaxedCategorical.ofLogits(tau, v.get(0)).reparam(g), Nd4j.createFromArray(LOGITS));
            GradCheck.verify("RelaxedCategorical log density of a reparameterized draw, tau " + tau, v -> {
                RelaxedCategorical d = RelaxedCategorical.ofLogits(tau, v.get(0));
                return d.logDensity(d.reparam(g));
            }, Nd4j.createFromArray(LOGITS));
        }
    }

    @Test
    void drawsAreReproducibleAndReplayableAndTheNoiseIsGumbel() {
        RelaxedCategorical d = RelaxedCategorical.ofLogits(0.7, Var.constant(Nd4j.createFromArray(LOGITS[0]).reshape(1, 3)
                .repeat(0, 4000)));
        assertArrayEquals(new long[] {4000}, d.batchShape());
        assertArrayEquals(new long[] {3}, d.eventShape());
        assertExact(d.sample(Rng.of(1)).value(), d.sample(Rng.of(1)).value());
        assertDiffers(d.sample(Rng.of(1)).value(), d.sample(Rng.of(2)).value());
        ReparamSample<Var> r = d.reparamSample(Rng.of(1));
        assertExact(d.sample(Rng.of(1)).value(), r.value().value());
        assertExact(r.value().value(), d.reparam(r.noise()).value());
        INDArray sums = r.value().value().sum(-1);
        assertEquals(1.0, sums.minNumber().doubleValue(), 1e-12);
        assertEquals(1.0, sums.maxNumber().doubleValue(), 1e-12);
        // standard Gumbel noise: mean = Euler's constant, standard deviation pi / sqrt(6)
        double se = Math.PI / Math.sqrt(6) / Math.sqrt(r.noise().length());
        assertEquals(0.5772156649015329, r.noise().meanNumber().doubleValue(), 4 * se);
        assertTrue(Double.isFinite(d.logDensity(r.value()).value().sumNumber().doubleValue()));
    }

    @Test
    void straightThroughDrawsAreOneHotWithTheRelaxedGradient() {
        INDArray g = Rng.of(6).normal(DataType.DOUBLE, 50, 2, 3);
        Var a = Var.param(Nd4j.createFromArray(LOGITS)), b = Var.param(Nd4j.createFromArray(LOGITS));
        RelaxedCategorical st = RelaxedCategorical.ofLogits(0.5, a, true);
        Var hard = st.reparam(g), soft = RelaxedCategorical.ofLogits(0.5, b).reparam(g);
        INDArray argmax = Nd4j.argMax(soft.value(), 2);
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 2; j++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(argmax.getLong(i, j) == c ? 1.0 : 0.0, hard.value().getDouble(i, j, c));
                }
            }
        }
        INDArray w = Rng.of(7).normal(DataType.DOUBLE, 50, 2, 3);
        assertExact(Grad.grad(soft.mul(Var.constant(w)).sum(), b).get(b), Grad.grad(hard.mul(Var.constant(w)).sum(), a).get(a));
        assertEquals(Double.NEGATIVE_INFINITY, st.logDensity(hard).value().maxNumber().doubleValue());
        assertExact(RelaxedCategorical.ofLogits(0.5, b).logDensity(soft).value(), st.relaxed().logDensity(soft).value());
    }

    @Test
    void valuesOffTheSimplexScoreMinusInfinityOrThrowWhenStrict() {
        RelaxedCategorical d = RelaxedCategorical.ofLogits(1.0, Var.constant(Nd4j.createFromArray(LOGITS[0])));
        INDArray x = Nd4j.createFromArray(new double[][] {
            {0.2, 0.3, 0.5}, {0.0, 0.5, 0.5}, {0.2, 0.3, 0.6}, {-0.1, 0.6, 0.5}, {Double.NaN, 0.5, 0.5}, {0.2, 0.3, 0.50001}});
        INDArray lp = d.logDensity(Var.constant(x)).value();
        assertTrue(Double.isFinite(lp.getDouble(0)));
        for (int i = 1; i < 6; i++) {
            assertEquals(i == 4 ? Double.NaN : Double.NEGATIVE_INFINITY, lp.getDouble(i), "row " + i); // NaN propagates
        }
        try (Validation strict = Validation.strict()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.logDensity(Var.constant(x)));
            assertTrue(e.getMessage().contains("RelaxedCategorical") && e.getMessage().contains("NaN"), e.getMessage());
            INDArray finite = x.dup();
            finite.putScalar(4, 0, 0.0);
            e = assertThrows(IllegalArgumentException.class, () -> d.logDensity(Var.constant(finite)));
            assertTrue(e.getMessage().contains("RelaxedCategorical") && e.getMessage().contains("batch element 1"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> d.logDensity(Var.constant(Nd4j.createFromArray(0.5, 0.5))));
        assertThrows(IllegalStateException.class, d::mean);
        // extra leading axes broadcast against the batch
        INDArray two = RelaxedCategorical.ofLogits(1.0, logits()).logDensity(Var.constant(x.reshape(6, 1, 3))).value();
        assertArrayEquals(new long[] {6, 2}, two.shape());
        assertEquals(lp.getDouble(0), two.getDouble(0, 0), 1e-15);
    }

    @Test
    void invalidParametersAreRejectedNamingFamilyAndParameter() {
        for (double tau : new double[] {0.0, -0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RelaxedCategorical.ofLogits(tau, logits()));
            assertTrue(e.getMessage().contains("RelaxedCategorical") && e.getMessage().contains("'temperature'"), e.getMessage());
        }
        INDArray[] bad = {Nd4j.createFromArray(new double[][] {{0, 1}, {Double.NaN, 0}}), Nd4j.createFromArray(new double[][] {{0}, {1}}),
            Nd4j.scalar(1.0)};
        for (INDArray b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RelaxedCategorical.ofLogits(1.0, Var.constant(b)));
            assertTrue(e.getMessage().contains("RelaxedCategorical") && e.getMessage().contains("'logits'"), e.getMessage());
        }
    }

    /**
     * Pathwise gradients are unbiased: with \(L = \log x\), \(\tau L_i = \ell_i + G_i - \text{lse}\), so
     * for \(f(x) = (L_0 - L_2)^2 + 3(L_1 - L_0)\) (differences of independent Gumbels have mean 0
     * and variance \(\pi^2/3\)): \(E f = ((\ell_0 - \ell_2)^2 + \pi^2/3)/\tau^2 + 3(\ell_1 - \ell_0)/\tau\).
     */
    @Test
    void pathwiseGradientsOfLogRatioFunctionsAreUnbiased() {
        double[] l = LOGITS[0];
        for (double tau : TAUS) {
            double d = l[0] - l[2];
            INDArray exact = Nd4j.createFromArray(2 * d / (tau * tau) - 3 / tau, 3 / tau, -2 * d / (tau * tau));
            PathwiseAssert.assertUnbiased("RelaxedCategorical, tau " + tau, java.util.List.of(Nd4j.createFromArray(l)),
                    v -> RelaxedCategorical.ofLogits(tau, v.get(0)), x -> {
                        Var lx = x.log();
                        Var l0 = lx.slice(1, 0, 1), l1 = lx.slice(1, 1, 2), l2 = lx.slice(1, 2, 3);
                        return l0.sub(l2).square().add(l1.sub(l0).mul(3.0));
                    }, java.util.List.of(exact), 17);
        }
    }
}
