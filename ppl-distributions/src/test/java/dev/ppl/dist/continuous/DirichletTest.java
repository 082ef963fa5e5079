package dev.ppl.dist.continuous;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Validation;
import java.util.List;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Dirichlet (event shape [K]) by hand, covering the ground of the scalar contracts: log density
 * against the closed form, moments within 4 standard errors, reproducibility, parameter
 * validation, support handling, log-density gradients and unbiased pathwise gradients.
 */
class DirichletTest {
    /** Batch of 3 concentrations with K = 4. */
    private static INDArray concentration() {
        return Nd4j.createFromArray(new double[][] {
            {0.3, 1.0, 2.5, 0.8}, {4.0, 0.7, 1.2, 9.0}, {1.0, 1.0, 1.0, 1.0}});
    }

    private static INDArray values() {
        return Nd4j.createFromArray(new double[][] {
            {0.1, 0.2, 0.6, 0.1}, {0.25, 0.05, 0.3, 0.4}, {0.7, 0.1, 0.1, 0.1}});
    }

    private static double closedForm(double[] a, double[] x) {
        double a0 = 0, lp = 0;
        for (int k = 0; k < a.length; k++) {
            a0 += a[k];
            lp += (a[k] - 1) * Math.log(x[k]) - Gamma.logGamma(a[k]);
        }
        return lp + Gamma.logGamma(a0);
    }

    @Test
    void logDensityMatchesTheClosedFormAndBroadcastsValues() {
        INDArray a = concentration(), x = values();
        Dirichlet d = Dirichlet.of(Var.constant(a));
        assertArrayEquals(new long[] {3}, d.batchShape());
        assertArrayEquals(new long[] {4}, d.eventShape());
        INDArray lp = d.logDensity(Var.constant(x)).value();
        assertArrayEquals(new long[] {3}, lp.shape());
        INDArray one = d.logDensity(Var.constant(x.getRow(1).dup())).value();
        for (int i = 0; i < 3; i++) {
            double ref = closedForm(a.getRow(i).toDoubleVector(), x.getRow(i).toDoubleVector());
            assertEquals(ref, lp.getDouble(i), 1e-12 * (1 + Math.abs(ref)), "batch element " + i);
            double refOne = closedForm(a.getRow(i).toDoubleVector(), x.getRow(1).toDoubleVector());
            assertEquals(refOne, one.getDouble(i), 1e-12 * (1 + Math.abs(refOne)), "broadcast value, element " + i);
        }
    }

    @Test
    void sampleMeanAndVarianceLieWithinFourStandardErrors() {
        int n = 20_000;
        INDArray a = concentration();
        Dirichlet d = Dirichlet.of(Var.constant(Shapes.broadcastTo(a.reshape(1, 3, 4), new long[] {n, 3, 4}).dup()));
        INDArray draws = d.sample(Rng.of(2024)).value();
        assertArrayEquals(new long[] {n, 3, 4}, draws.shape());
        assertTrue(draws.minNumber().doubleValue() > 0);
        assertEquals(0.0, draws.sum(2).subi(1.0).amaxNumber().doubleValue(), 1e-14);
        INDArray mean = Dirichlet.of(Var.constant(a)).mean().value();
        INDArray variance = Dirichlet.of(Var.constant(a)).variance().value();
        for (int i = 0; i < 3; i++) {
            double a0 = a.getRow(i).sumNumber().doubleValue();
            for (int k = 0; k < 4; k++) {
                double ak = a.getDouble(i, k);
                double m = ak / a0, v = ak * (a0 - ak) / (a0 * a0 * (a0 + 1));
                assertEquals(m, mean.getDouble(i, k), 1e-15);
                assertEquals(v, variance.getDouble(i, k), 1e-15);
                double[] col = draws.get(NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.point(k))
                        .toDoubleVector();
                double sm = org.apache.commons.math3.stat.StatUtils.mean(col);
                double[] sq = new double[n];
                for (int j = 0; j < n; j++) {
                    sq[j] = (col[j] - sm) * (col[j] - sm);
                }
                double sv = org.apache.commons.math3.stat.StatUtils.mean(sq);
                assertEquals(m, sm, 4 * Math.sqrt(sv / n), "mean of " + i + "," + k);
                assertEquals(v, sv, 4 * Math.sqrt(org.apache.commons.math3.stat.StatUtils.variance(sq) / n),
                        "variance of " + i + "," + k);
            }
        }
    }

    @Test
    void sameKeyGivesSameDrawsOtherKeysDifferAndReplayReproduces() {
        Dirichlet d = Dirichlet.of(Var.constant(concentration()));
        Rng rng = Rng.of(7);
        assertEquals(d.sample(rng).value(), d.sample(rng).value());
        assertNotEquals(d.sample(rng).value(), d.sample(rng.split()[1]).value());
        ReparamSample<Var> s = d.reparamSample(rng);
        assertArrayEquals(new long[] {3, 4}, s.noise().shape());
        assertEquals(s.value().value(), d.reparam(s.noise()).value());
        assertEquals(s.value().value(), d.sample(rng).value());
        assertEquals(s.noise().div(s.noise().sum(true, 1)), s.value().value());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.reparam(Nd4j.ones(3, 5)));
        assertTrue(e.getMessage().contains("Dirichlet"), e.getMessage());
    }

    @Test
    void invalidParametersAreRejectedNamingFamilyParameterAndIndex() {
        double[][] bad = {
            {1.0, 0.0, 2.0}, {1.0, 2.0, -1.0}, {Double.NaN, 1.0, 1.0}, {1.0, Double.POSITIVE_INFINITY, 1.0}};
        int[] index = {1, 2, 0, 1};
        for (int c = 0; c < bad.length; c++) {
            INDArray a = Nd4j.createFromArray(bad[c]);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Dirichlet.of(Var.constant(a)));
            assertTrue(e.getMessage().contains("Dirichlet") && e.getMessage().contains("'concentration'")
                    && e.getMessage().contains("element " + index[c]), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dirichlet.of(Var.constant(Nd4j.scalar(2.0))));
        assertTrue(e.getMessage().contains("Dirichlet"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Dirichlet.of(Var.constant(concentration())).logDensity(Var.constant(Nd4j.ones(3, 5).divi(5))));
    }

    @Test
    void valuesOffTheSimplexHaveLogDensityMinusInfinityOrThrowWhenStrict() {
        Dirichlet d = Dirichlet.of(Var.constant(concentration()));
        INDArray x = values().dup();
        x.putScalar(0, 0, -0.1);
        x.putScalar(0, 1, 0.4); // sums to 1 but has a negative component
        x.putScalar(1, 0, 0.26); // positive but sums to 1.01
        INDArray lp = d.logDensity(Var.constant(x)).value();
        assertEquals(Double.NEGATIVE_INFINITY, lp.getDouble(0));
        assertEquals(Double.NEGATIVE_INFINITY, lp.getDouble(1));
        assertTrue(Double.isFinite(lp.getDouble(2)));
        INDArray close = values().dup();
        close.putScalar(2, 0, 0.7 + 5e-7); // within the float64 tolerance
        assertTrue(Double.isFinite(d.logDensity(Var.constant(close)).value().getDouble(2)));
        close.putScalar(2, 0, 0.7 + 2e-6);
        assertEquals(Double.NEGATIVE_INFINITY, d.logDensity(Var.constant(close)).value().getDouble(2));
        try (Validation strict = Validation.strict()) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> d.logDensity(Var.constant(x)));
            assertTrue(e.getMessage().contains("Dirichlet"), e.getMessage());
        }
    }

    @Test
    void logDensityGradientsMatchFiniteDifferences() {
        GradCheck.verify("Dirichlet log density wrt concentration",
                v -> Dirichlet.of(v.get(0)).logDensity(Var.constant(values())), concentration());
        // wrt the value too, with a step well inside the simplex tolerance
        GradCheck.Result r = GradCheck.check(v -> Dirichlet.of(v.get(0)).logDensity(v.get(1)), 1e-8, 1e-5, 1e-5,
                concentration(), values());
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void pathwiseGradientOfTheSecondMomentIsUnbiased() {
        INDArray a = Nd4j.createFromArray(new double[][] {{0.3, 1.0, 2.5}, {4.0, 0.7, 1.2}});
        INDArray exact = Nd4j.zeros(DataType.DOUBLE, 2, 3);
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 3; k++) {
                double h = 1e-6;
                double[] up = a.getRow(i).toDoubleVector(), down = a.getRow(i).toDoubleVector();
                up[k] += h;
                down[k] -= h;
                exact.putScalar(i, k, (secondMomentOfFirst(up) - secondMomentOfFirst(down)) / (2 * h));
            }
        }
        PathwiseAssert.assertUnbiased("Dirichlet E[x_1^2]", List.of(a), p -> Dirichlet.of(p.get(0)),
                x -> x.slice(-1, 0, 1).square(), List.of(exact), 123);
    }

    /** \(E[x_1^2] = \mathrm{Var}[x_1] + E[x_1]^2\). */
    private static double secondMomentOfFirst(double[] a) {
        double a0 = 0;
        for (double v : a) {
            a0 += v;
        }
        double m = a[0] / a0;
        return a[0] * (a0 - a[0]) / (a0 * a0 * (a0 + 1)) + m * m;
    }

    @Test
    void float32DrawsLieOnTheSimplexWithinTheFloat32Tolerance() {
        Var a = Var.constant(concentration().castTo(DataType.FLOAT));
        Dirichlet d = Dirichlet.of(a);
        Var x = d.sample(Rng.of(3));
        assertEquals(DataType.FLOAT, x.dtype());
        assertTrue(x.value().sum(1).subi(1.0).amaxNumber().doubleValue() <= Dirichlet.simplexTolerance(DataType.FLOAT));
        INDArray lp = d.logDensity(x).value();
        assertTrue(!lp.isInfinite().any() && !lp.isNaN().any(), lp.toString());
    }
}
