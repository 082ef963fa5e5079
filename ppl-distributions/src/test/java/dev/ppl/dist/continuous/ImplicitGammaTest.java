package dev.ppl.dist.continuous;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The implicit reparameterization gradient of standard Gamma draws: \(\partial P/\partial\alpha\)
 * against finite differences of Commons Math's regularized incomplete gamma function, and
 * \(dg/d\alpha\) against finite differences of the inverse CDF at a fixed probability.
 */
class ImplicitGammaTest {
    private static final double[] ALPHAS = {0.01, 0.05, 0.3, 1, 2.5, 10, 150, 3000};
    private static final double[] PROBS = {1e-6, 0.01, 0.3, 0.5, 0.9, 0.999};

    /** The quantile of Gamma(a, 1) at u, to about 2e-14 relative accuracy (Brent's relative tolerance). */
    private static double quantile(double a, double u) {
        return new GammaDistribution(null, a, 1, Double.MIN_VALUE).inverseCumulativeProbability(u);
    }

    @Test
    void derivativeOfTheRegularizedIncompleteGammaMatchesCommonsMathFiniteDifferences() {
        for (double a : ALPHAS) {
            for (double u : PROBS) {
                double x = quantile(a, u);
                if (x < 1e-290) {
                    continue; // the quantile underflows
                }
                // P varies on the scale min(a, sqrt(a)) in a; difference whichever of P, Q is below 1/2
                double h = 1e-4 * Math.min(a, Math.sqrt(a));
                boolean lower = u < 0.5;
                double fd = lower ? (p(a + h, x) - p(a - h, x)) / (2 * h) : -(q(a + h, x) - q(a - h, x)) / (2 * h);
                double got = ImplicitGamma.regularizedGammaPDerivative(a, x);
                assertEquals(fd, got, 1e-6 * Math.abs(fd), "dP/da at a=" + a + ", x=" + x);
            }
        }
    }

    @Test
    void implicitGradientEqualsTheDerivativeOfTheInverseCdfAtFixedProbability() {
        double[] alphas = {0.01, 0.05, 0.3, 1, 2.5, 10, 150, 3000, 1e5, 2e6};
        for (double a : alphas) {
            for (double u : PROBS) {
                double x = quantile(a, u);
                if (x < 1e-290) {
                    continue;
                }
                // log x(a) is smooth on the scale of a (x itself is not: x ~ (u Gamma(a+1))^(1/a) for small a);
                // a large step also keeps the noise of the CDF (~1e-10 relative for large a) out of the difference
                double h = 1e-4 * a;
                double fd = x * (Math.log(quantile(a + h, u)) - Math.log(quantile(a - h, u))) / (2 * h);
                INDArray grad = opGradient(Nd4j.createFromArray(a), Nd4j.createFromArray(x));
                assertEquals(fd, grad.getDouble(0), 1e-6 * Math.abs(fd) + 1e-300,
                        "dg/dalpha at alpha=" + a + ", u=" + u + ", g=" + x);
            }
        }
    }

    /** The gradient of sum(op(alpha, g)) with respect to alpha. */
    private static INDArray opGradient(INDArray alpha, INDArray g) {
        Var a = Var.param(alpha);
        Var out = ImplicitGamma.standardGammaWithImplicitGrad(a, g);
        return Grad.grad(out.sum(), a).get(a);
    }

    @Test
    void valueIsTheDrawAndBroadcastGradientsAreSummed() {
        INDArray alpha = Nd4j.createFromArray(0.5, 2.0, 9.0);
        INDArray g = Nd4j.createFromArray(new double[][] {{0.1, 1.5, 8.0}, {0.9, 3.0, 12.0}});
        Var a = Var.param(alpha);
        Var out = ImplicitGamma.standardGammaWithImplicitGrad(a, g);
        assertEquals(g, out.value());
        INDArray w = Nd4j.createFromArray(new double[][] {{1.0, -2.0, 0.5}, {3.0, 1.0, -1.0}});
        INDArray grad = Grad.grad(out, w, java.util.List.of(a)).get(a);
        for (int k = 0; k < 3; k++) {
            double expected = w.getDouble(0, k) * ImplicitGamma.sampleDerivative(alpha.getDouble(k), g.getDouble(0, k))
                    + w.getDouble(1, k) * ImplicitGamma.sampleDerivative(alpha.getDouble(k), g.getDouble(1, k));
            assertEquals(expected, grad.getDouble(k), 1e-14 * Math.abs(expected));
        }
        assertThrows(IllegalArgumentException.class,
                () -> ImplicitGamma.standardGammaWithImplicitGrad(a, Nd4j.ones(2, 4)));
    }

    @Test
    void float32ConcentrationGivesFloat32ValuesAndGradients() {
        Var a = Var.param(Nd4j.createFromArray(0.5f, 4f));
        Var out = ImplicitGamma.standardGammaWithImplicitGrad(a, Nd4j.createFromArray(0.2, 3.5));
        assertEquals(DataType.FLOAT, out.dtype());
        INDArray grad = Grad.grad(out.sum(), a).get(a);
        assertEquals(DataType.FLOAT, grad.dataType());
        assertEquals(ImplicitGamma.sampleDerivative(0.5f, 0.2f), grad.getDouble(0), 1e-6);
        assertEquals(ImplicitGamma.sampleDerivative(4f, 3.5f), grad.getDouble(1), 1e-6);
    }

    @Test
    void boundaryValuesHaveZeroOrNaNDerivatives() {
        assertEquals(0.0, ImplicitGamma.sampleDerivative(0.5, 0.0));
        assertEquals(0.0, ImplicitGamma.sampleDerivative(0.5, Double.POSITIVE_INFINITY));
        assertEquals(Double.NaN, ImplicitGamma.sampleDerivative(Double.NaN, 1.0));
        assertArrayEquals(new double[] {0.0}, ImplicitGamma.sampleDerivative(
                Nd4j.createFromArray(0.01), Nd4j.createFromArray(0.0)).toDoubleVector());
    }

    @Test
    void wilsonHilfertyAboveTheThresholdAgreesWithTheExactKernel() {
        for (double a : new double[] {ImplicitGamma.LARGE, 4 * ImplicitGamma.LARGE}) {
            for (double z : new double[] {-5, -1, 0, 0.5, 2, 5}) {
                double x = a + z * Math.sqrt(a);
                double exact = x > a ? ImplicitGamma.continuedFraction(a, x) : ImplicitGamma.series(a, x);
                assertEquals(exact, ImplicitGamma.wilsonHilferty(a, x), 1e-8, "alpha=" + a + ", z=" + z);
            }
        }
    }

    private static double p(double a, double x) {
        return Gamma.regularizedGammaP(a, x, 1e-17, Integer.MAX_VALUE);
    }

    private static double q(double a, double x) {
        return Gamma.regularizedGammaQ(a, x, 1e-17, Integer.MAX_VALUE);
    }
}
