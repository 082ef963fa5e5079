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
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The binary Concrete against plain-double references: the density of Maddison et al. (2017)
 * as printed, \(p(x) = \tau a x^{-\tau-1}(1-x)^{-\tau-1} / (a x^{-\tau} + (1-x)^{-\tau})^2\), and
 * the CDF \(F(x) = \sigma(\tau\,\mathrm{logit}(x) - \ell)\) (from \(\mathrm{logit}(X) = (\ell + L)/\tau\)
 * with \(L\) standard logistic; checked here to differentiate to the density).
 */
class RelaxedBernoulliTest {
    private static final double[] TAUS = {0.3, 1.0, 2.5};
    private static final double[] LOGITS = {-1.5, 0.0, 2.0};

    static double paperDensity(double tau, double l, double x) {
        double a = Math.exp(l);
        double denom = a * Math.pow(x, -tau) + Math.pow(1 - x, -tau);
        return tau * a * Math.pow(x, -tau - 1) * Math.pow(1 - x, -tau - 1) / (denom * denom);
    }

    static double cdf(double tau, double l, double x) {
        return 1 / (1 + Math.exp(-(tau * Math.log(x / (1 - x)) - l)));
    }

    /** \(1 - F(x)\), computed without cancellation. */
    static double survival(double tau, double l, double x) {
        return 1 / (1 + Math.exp(tau * Math.log(x / (1 - x)) - l));
    }

    private static double sigmoid(double y) {
        return 1 / (1 + Math.exp(-y));
    }

    private static Var logits() {
        return Var.constant(Nd4j.createFromArray(LOGITS));
    }

    @Test
    void logDensityMatchesThePaperAndTheDerivativeOfTheCdf() {
        double[] xs = {0.003, 0.2, 0.5, 0.77, 0.9991};
        for (double tau : TAUS) {
            RelaxedBernoulli d = RelaxedBernoulli.ofLogits(tau, logits());
            for (double x : xs) {
                INDArray lp = d.logDensity(Var.constant(Nd4j.valueArrayOf(new long[] {3}, x, DataType.DOUBLE))).value();
                for (int i = 0; i < 3; i++) {
                    double ref = Math.log(paperDensity(tau, LOGITS[i], x));
                    String at = "tau " + tau + " logit " + LOGITS[i] + " x " + x;
                    assertEquals(ref, lp.getDouble(i), 1e-9 * (1 + Math.abs(ref)), at);
                    double h = 1e-6 * Math.min(x, 1 - x);
                    // differentiate whichever of F and 1 - F is small, to avoid cancellation
                    double slope = cdf(tau, LOGITS[i], x) < 0.5
                            ? (cdf(tau, LOGITS[i], x + h) - cdf(tau, LOGITS[i], x - h)) / (2 * h)
                            : (survival(tau, LOGITS[i], x - h) - survival(tau, LOGITS[i], x + h)) / (2 * h);
                    assertEquals(slope, Math.exp(ref), 1e-6 * Math.exp(ref), "CDF slope, " + at);
                }
            }
        }
    }

    /**
     * Simpson's rule in \(y = \mathrm{logit}(x)\), \(dx = x(1-x)\,dy\), over \(|y| \le 20\) (where
     * \(x\) is resolved to relative precision \(10^{-8}\)), against the exact mass
     * \(F(\sigma(20)) - F(\sigma(-20))\): 1 within \(10^{-7}\) for \(\tau \ge 1\).
     */
    @Test
    void densityIntegratesToOne() {
        int n = 4000;
        double lo = -20, hi = 20, step = (hi - lo) / n;
        INDArray x = Nd4j.create(DataType.DOUBLE, n + 1, 3);
        double[] jac = new double[n + 1];
        for (int j = 0; j <= n; j++) {
            double y = lo + j * step;
            jac[j] = sigmoid(y) * sigmoid(-y);
            for (int i = 0; i < 3; i++) {
                x.putScalar(j, i, sigmoid(y));
            }
        }
        for (double tau : TAUS) {
            INDArray p = org.nd4j.linalg.ops.transforms.Transforms.exp(
                    RelaxedBernoulli.ofLogits(tau, logits()).logDensity(Var.constant(x)).value(), false);
            for (int i = 0; i < 3; i++) {
                double total = 0;
                for (int j = 0; j <= n; j++) {
                    double w = j == 0 || j == n ? 1 : j % 2 == 1 ? 4 : 2;
                    total += w * p.getDouble(j, i) * jac[j];
                }
                total *= step / 3;
                double exact = cdf(tau, LOGITS[i], sigmoid(hi)) - cdf(tau, LOGITS[i], sigmoid(lo));
                if (tau >= 1) {
                    assertEquals(1.0, exact, 1e-7);
                }
                assertEquals(exact, total, 1e-6, "tau " + tau + " logit " + LOGITS[i]);
            }
        }
    }

    @Test
    void samplesPassAKolmogorovSmirnovTestAgainstTheExactCdf() {
        int n = 5000;
        Var many = Var.constant(Nd4j.createFromArray(LOGITS).reshape(1, 3).repeat(0, n));
        for (double tau : TAUS) {
            INDArray draws = RelaxedBernoulli.ofLogits(tau, many).sample(Rng.of(99)).value();
            for (int i = 0; i < 3; i++) {
                double[] u = draws.getColumn(i).toDoubleVector();
                for (int j = 0; j < n; j++) {
                    u[j] = cdf(tau, LOGITS[i], u[j]);
                }
                double pValue = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(null, 0, 1), u);
                assertTrue(pValue > 1e-3, "tau " + tau + " logit " + LOGITS[i] + ": KS p-value " + pValue);
            }
        }
    }

    /** \(E[x] = \int \sigma((\ell + t)/\tau)\, \sigma(t)\sigma(-t)\, dt\) by Simpson's rule on [-45, 45]. */
    static double exactMean(double tau, double l) {
        int n = 6000;
        double lo = -45, step = 90.0 / n, total = 0;
        for (int j = 0; j <= n; j++) {
            double t = lo + j * step;
            double w = j == 0 || j == n ? 1 : j % 2 == 1 ? 4 : 2;
            total += w * sigmoid((l + t) / tau) * sigmoid(t) * sigmoid(-t);
        }
        return total * step / 3;
    }

    @Test
    void pathwiseGradientOfTheMeanIsUnbiased() {
        int groups = 40, perGroup = 500;
        Rng[] keys = Rng.of(31).split(groups);
        for (double tau : TAUS) {
            double[][] est = new double[3][groups];
            for (int g = 0; g < groups; g++) {
                Var leaf = Var.param(Nd4j.createFromArray(LOGITS));
                Var x = RelaxedBernoulli.ofLogits(tau, leaf.expandDims(0).broadcastTo(perGroup, 3))
                        .reparamSample(keys[g]).value();
                INDArray grad = Grad.grad(x.sum().div(perGroup), leaf).get(leaf);
                for (int i = 0; i < 3; i++) {
                    est[i][g] = grad.getDouble(i);
                }
            }
            for (int i = 0; i < 3; i++) {
                double h = 1e-4;
                double exact = (exactMean(tau, LOGITS[i] + h) - exactMean(tau, LOGITS[i] - h)) / (2 * h);
                double se = Math.sqrt(StatUtils.variance(est[i]) / groups);
                assertEquals(exact, StatUtils.mean(est[i]), 4 * se + 1e-6, "tau " + tau + " logit " + LOGITS[i]);
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (double tau : TAUS) {
            GradCheck.verify("RelaxedBernoulli log density, tau " + tau,
                    v -> RelaxedBernoulli.ofLogits(tau, v.get(0)).logDensity(v.get(1)),
                    Nd4j.createFromArray(LOGITS), Nd4j.createFromArray(0.1, 0.45, 0.97));
            INDArray u = Rng.of(5).uniform(DataType.DOUBLE, 4, 3);
            GradCheck.verify("RelaxedBernoulli reparam, tau " + tau,
                    v -> RelaxedBernoulli.ofLogits(tau, v.get(0)).reparam(u), Nd4j.createFromArray(LOGITS));
            GradCheck.verify("RelaxedBernoulli log density of a reparameterized draw, tau " + tau, v -> {
                RelaxedBernoulli d = RelaxedBernoulli.ofLogits(tau, v.get(0));
                return d.logDensity(d.reparam(u));
            }, Nd4j.createFromArray(LOGITS));
        }
    }

    @Test
    void straightThroughDrawsAreHardWithTheRelaxedGradient() {
        INDArray u = Rng.of(6).uniform(DataType.DOUBLE, 200, 3);
        Var leafA = Var.param(Nd4j.createFromArray(LOGITS)), leafB = Var.param(Nd4j.createFromArray(LOGITS));
        RelaxedBernoulli st = RelaxedBernoulli.ofLogits(0.5, leafA, true);
        Var hard = st.reparam(u);
        Var soft = RelaxedBernoulli.ofLogits(0.5, leafB).reparam(u);
        assertExact(soft.value().gt(0.5).castTo(DataType.DOUBLE), hard.value());
        INDArray w = Rng.of(7).normal(DataType.DOUBLE, 200, 3);
        INDArray ga = Grad.grad(hard.mul(Var.constant(w)).sum(), leafA).get(leafA);
        INDArray gb = Grad.grad(soft.mul(Var.constant(w)).sum(), leafB).get(leafB);
        assertExact(gb, ga);
        INDArray drawn = st.sample(Rng.of(6)).value();
        assertExact(drawn, st.reparamSample(Rng.of(6)).value().value());
        assertExact(drawn, drawn.gt(0.5).castTo(DataType.DOUBLE));
        // the log density is that of the relaxed value: hard 0/1 values are outside its support
        assertEquals(Double.NEGATIVE_INFINITY, st.logDensity(Var.constant(Nd4j.createFromArray(0.0, 1.0, 1.0)))
                .value().maxNumber().doubleValue());
        assertExact(st.relaxed().logDensity(soft).value(), RelaxedBernoulli.ofLogits(0.5, leafB).logDensity(soft).value());
    }

    @Test
    void drawsAreReproducibleReplayableAndClampedInsideTheUnitInterval() {
        RelaxedBernoulli d = RelaxedBernoulli.ofLogits(0.3, Var.constant(Nd4j.createFromArray(LOGITS).reshape(1, 3)
                .repeat(0, 2000)));
        assertExact(d.sample(Rng.of(1)).value(), d.sample(Rng.of(1)).value());
        assertDiffers(d.sample(Rng.of(1)).value(), d.sample(Rng.of(2)).value());
        ReparamSample<Var> r = d.reparamSample(Rng.of(1));
        assertExact(d.sample(Rng.of(1)).value(), r.value().value());
        assertExact(r.value().value(), d.reparam(r.noise()).value());
        // float32 at a low temperature: many draws saturate, all stay inside (0, 1) with finite density
        RelaxedBernoulli f = RelaxedBernoulli.ofLogits(0.1, Var.constant(Nd4j.createFromArray(LOGITS).reshape(1, 3)
                .repeat(0, 2000).castTo(DataType.FLOAT)));
        Var s = f.sample(Rng.of(3));
        assertEquals(DataType.FLOAT, s.dtype());
        assertTrue(s.value().minNumber().doubleValue() > 0 && s.value().maxNumber().doubleValue() < 1);
        assertTrue(Double.isFinite(f.logDensity(s).value().sumNumber().doubleValue()));
        assertArrayEquals(new long[] {2000, 3}, f.batchShape());
    }

    @Test
    void valuesOutsideTheOpenIntervalScoreMinusInfinityOrThrowWhenStrict() {
        RelaxedBernoulli d = RelaxedBernoulli.ofLogits(0.7, Var.constant(Nd4j.createFromArray(0.0, 0.0, 0.0, 0.0)));
        INDArray lp = d.logDensity(Var.constant(Nd4j.createFromArray(0.0, 1.0, 1.5, Double.NaN))).value();
        double ninf = Double.NEGATIVE_INFINITY;
        assertExact(Nd4j.createFromArray(ninf, ninf, ninf, Double.NaN), lp); // a NaN value propagates
        try (Validation strict = Validation.strict()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> d.logDensity(Var.constant(Nd4j.createFromArray(0.5, 0.5, 1.0, 0.5))));
            assertTrue(e.getMessage().contains("RelaxedBernoulli") && e.getMessage().contains("element 2"), e.getMessage());
        }
        assertThrows(IllegalStateException.class, d::mean);
    }

    @Test
    void invalidParametersAreRejectedNamingFamilyAndParameter() {
        Var ok = logits();
        for (double tau : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RelaxedBernoulli.ofLogits(tau, ok));
            assertTrue(e.getMessage().contains("RelaxedBernoulli") && e.getMessage().contains("'temperature'"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelaxedBernoulli.ofLogits(1.0,
                Var.constant(Nd4j.createFromArray(0.0, Double.POSITIVE_INFINITY))));
        assertTrue(e.getMessage().contains("'logits'") && e.getMessage().contains("element 1"), e.getMessage());
        for (double p : new double[] {0.0, 1.0, 1.2}) {
            e = assertThrows(IllegalArgumentException.class, () -> RelaxedBernoulli.ofProbs(1.0,
                    Var.constant(Nd4j.createFromArray(0.5, p))));
            assertTrue(e.getMessage().contains("'probs'") && e.getMessage().contains("element 1"), e.getMessage());
        }
        INDArray viaProbs = RelaxedBernoulli.ofProbs(1.0, Var.constant(Nd4j.createFromArray(0.25))).logits().value();
        assertEquals(Math.log(1.0 / 3), viaProbs.getDouble(0), 1e-15);
    }
}
