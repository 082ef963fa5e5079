package dev.ppl.dist.continuous;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** DiagonalNormal with batch [2] and event [3], against sums of Commons Math normal densities. */
class DiagonalNormalTest {
    private static final int DRAWS = 20_000;

    private static INDArray loc() {
        return Nd4j.createFromArray(new double[][] {{0.0, -1.5, 3.0}, {0.5, 2.0, -0.7}});
    }

    private static INDArray scale() {
        return Nd4j.createFromArray(new double[][] {{1.0, 0.5, 2.0}, {0.3, 1.5, 0.8}});
    }

    private static INDArray value() {
        return Nd4j.createFromArray(new double[][] {{0.3, -2.0, 5.5}, {0.1, 1.0, -1.2}});
    }

    private static DiagonalNormal dist(INDArray loc, INDArray scale) {
        return DiagonalNormal.of(Var.constant(loc), Var.constant(scale));
    }

    /** {@code a} repeated {@code n} times along a new leading axis. */
    private static INDArray repeat(INDArray a, int n) {
        long[] shape = new long[a.rank() + 1];
        shape[0] = n;
        System.arraycopy(a.shape(), 0, shape, 1, a.rank());
        return dev.ppl.autodiff.Shapes.broadcastTo(a.reshape(1, a.size(0), a.size(1)), shape).dup();
    }

    @Test
    void shapesSplitIntoBatchAndEvent() {
        DiagonalNormal d = dist(loc(), scale());
        assertArrayEquals(new long[] {2}, d.batchShape());
        assertArrayEquals(new long[] {3}, d.eventShape());
        assertArrayEquals(new long[] {2, 3}, d.sample(Rng.of(1)).shape());
        assertArrayEquals(new long[] {2}, d.logDensity(Var.constant(value())).shape());
        DiagonalNormal shared = DiagonalNormal.of(Var.constant(loc()), Var.constant(Nd4j.createFromArray(1.0, 2.0, 0.5)));
        assertArrayEquals(new long[] {2}, shared.batchShape());
    }

    @Test
    void logDensityIsTheSumOfNormalLogDensities() {
        INDArray l = loc(), s = scale(), x = value();
        INDArray lp = dist(l, s).logDensity(Var.constant(x)).value();
        // a batch of values against the batch of distributions: [4, 2, 3] -> [4, 2]
        INDArray xs = Nd4j.concat(0, x.reshape(1, 2, 3), x.add(0.7).reshape(1, 2, 3), x.mul(-1).reshape(1, 2, 3),
                x.mul(2).reshape(1, 2, 3));
        INDArray lps = dist(l, s).logDensity(Var.constant(xs)).value();
        assertArrayEquals(new long[] {4, 2}, lps.shape());
        for (int b = 0; b < 2; b++) {
            for (int n = -1; n < 4; n++) {
                double ref = 0;
                for (int i = 0; i < 3; i++) {
                    double xi = n < 0 ? x.getDouble(b, i) : xs.getDouble(n, b, i);
                    ref += new NormalDistribution(null, l.getDouble(b, i), s.getDouble(b, i)).logDensity(xi);
                }
                double got = n < 0 ? lp.getDouble(b) : lps.getDouble(n, b);
                assertEquals(ref, got, 1e-9 * (1 + Math.abs(ref)), "batch " + b + " value " + n);
            }
        }
    }

    @Test
    void sampleMeansAndVariancesLieWithinFourStandardErrors() {
        DiagonalNormal d = dist(repeat(loc(), DRAWS), repeat(scale(), DRAWS));
        INDArray draws = d.sample(Rng.of(2024)).value();
        assertArrayEquals(new long[] {DRAWS, 2, 3}, draws.shape());
        INDArray mean = dist(loc(), scale()).mean().value(), var = dist(loc(), scale()).variance().value();
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(loc().getDouble(b, i), mean.getDouble(b, i), 0.0);
                assertEquals(Math.pow(scale().getDouble(b, i), 2), var.getDouble(b, i), 1e-15);
                double[] col = draws.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(i)).dup().toDoubleVector();
                double m = StatUtils.mean(col);
                double[] sq = new double[col.length];
                for (int k = 0; k < col.length; k++) {
                    sq[k] = (col[k] - m) * (col[k] - m);
                }
                double v = StatUtils.mean(sq);
                assertEquals(mean.getDouble(b, i), m, 4 * Math.sqrt(v / DRAWS), "mean " + b + "," + i);
                assertEquals(var.getDouble(b, i), v, 4 * Math.sqrt(StatUtils.variance(sq) / DRAWS), "var " + b + "," + i);
            }
        }
    }

    @Test
    void sameKeyGivesSameDrawsOtherKeysDifferAndNoiseReplays() {
        DiagonalNormal d = dist(loc(), scale());
        Rng rng = Rng.of(7);
        assertEquals(d.sample(rng).value(), d.sample(rng).value());
        assertNotEquals(d.sample(rng).value(), d.sample(rng.split()[1]).value());
        ReparamSample<Var> r = d.reparamSample(rng);
        assertEquals(r.value().value(), d.reparam(r.noise()).value());
        assertEquals(d.sample(rng).value(), r.value().value());
        assertArrayEquals(new long[] {2, 3}, r.noise().shape());
    }

    @Test
    void invalidParametersAreRejectedNamingFamilyAndParameter() {
        INDArray badScale = scale().dup();
        badScale.putScalar(1, 2, 0.0);
        expectError("scale", () -> dist(loc(), badScale));
        INDArray negScale = scale().dup();
        negScale.putScalar(0, 1, -1.0);
        expectError("scale", () -> dist(loc(), negScale));
        INDArray badLoc = loc().dup();
        badLoc.putScalar(0, 0, Double.NaN);
        expectError("loc", () -> dist(badLoc, scale()));
        expectError("loc", () -> DiagonalNormal.of(Var.scalar(0.0, DataType.DOUBLE), Var.scalar(1.0, DataType.DOUBLE)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dist(loc(), Nd4j.ones(DataType.DOUBLE, 2, 4)));
        assertTrue(e.getMessage().contains("DiagonalNormal"), e.getMessage());
    }

    private static void expectError(String param, Executable create) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, create);
        assertTrue(e.getMessage().contains("DiagonalNormal") && e.getMessage().contains("'" + param + "'"),
                e.getMessage());
    }

    @Test
    void theSupportIsAllOfRdButTheEventSizeMustMatch() {
        DiagonalNormal d = dist(loc(), scale());
        INDArray far = value().mul(1e3);
        assertTrue(Double.isFinite(d.logDensity(Var.constant(far)).value().minNumber().doubleValue()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.logDensity(Var.constant(Nd4j.zeros(DataType.DOUBLE, 2, 4))));
        assertTrue(e.getMessage().contains("DiagonalNormal") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void logDensityGradientsMatchFiniteDifferences() {
        GradCheck.verify("DiagonalNormal log density",
                v -> DiagonalNormal.of(v.get(0), v.get(1)).logDensity(v.get(2)), loc(), scale(), value());
        // a shared scale vector broadcast over the batch
        GradCheck.verify("DiagonalNormal log density, shared scale",
                v -> DiagonalNormal.of(v.get(0), v.get(1)).logDensity(v.get(2)), loc(),
                Nd4j.createFromArray(0.7, 1.3, 2.0), value());
    }

    @Test
    void pathwiseGradientOfTheExpectedSquaredNormIsUnbiased() {
        // E[sum x^2] = sum(scale^2 + loc^2): d/dloc = 2 loc, d/dscale = 2 scale
        int groups = 40, perGroup = 500;
        double[][][] est = new double[2][groups][];
        Rng[] keys = Rng.of(31).split(groups);
        for (int g = 0; g < groups; g++) {
            Var l = Var.param(loc()), s = Var.param(scale());
            Var x = DiagonalNormal.of(l.expandDims(0).broadcastTo(perGroup, 2, 3), s.expandDims(0).broadcastTo(perGroup, 2, 3))
                    .reparamSample(keys[g]).value();
            Gradients grads = Grad.grad(x.square().sum().div(perGroup), l, s);
            est[0][g] = grads.get(l).reshape(6).toDoubleVector();
            est[1][g] = grads.get(s).reshape(6).toDoubleVector();
        }
        INDArray[] exact = {loc().mul(2).reshape(6), scale().mul(2).reshape(6)};
        for (int j = 0; j < 2; j++) {
            for (int k = 0; k < 6; k++) {
                double[] col = new double[groups];
                for (int g = 0; g < groups; g++) {
                    col[g] = est[j][g][k];
                }
                double se = Math.sqrt(StatUtils.variance(col) / groups);
                assertEquals(exact[j].getDouble(k), StatUtils.mean(col), 4 * se + 1e-9,
                        "pathwise gradient wrt " + (j == 0 ? "loc" : "scale") + " element " + k);
            }
        }
    }
}
