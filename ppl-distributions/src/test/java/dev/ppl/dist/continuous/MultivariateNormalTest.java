package dev.ppl.dist.continuous;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import org.apache.commons.math3.distribution.MultivariateNormalDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** MultivariateNormal with d = 3 and a batch of 2, against Commons Math with covariance L L^T. */
class MultivariateNormalTest {
    private static final int DRAWS = 20_000;

    private static INDArray loc() {
        return Nd4j.createFromArray(new double[][] {{0.0, -1.5, 3.0}, {0.5, 2.0, -0.7}});
    }

    private static INDArray tril() {
        return Nd4j.createFromArray(new double[][][] {
            {{1.0, 0, 0}, {0.5, 0.8, 0}, {-0.3, 0.4, 1.2}},
            {{0.6, 0, 0}, {-0.2, 1.5, 0}, {0.7, 0.1, 0.9}}});
    }

    private static INDArray value() {
        return Nd4j.createFromArray(new double[][] {{0.3, -2.0, 5.5}, {0.1, 1.0, -1.2}});
    }

    private static INDArray lowerMask() {
        return Nd4j.createFromArray(new double[][] {{1.0, 0, 0}, {1, 1, 0}, {1, 1, 1}});
    }

    private static MultivariateNormal dist(INDArray loc, INDArray tril) {
        return MultivariateNormal.of(Var.constant(loc), Var.constant(tril));
    }

    private static MultivariateNormalDistribution reference(INDArray loc, INDArray l, int b) {
        INDArray lb = l.rank() == 2 ? l : l.slice(b).dup();
        return new MultivariateNormalDistribution(loc.getRow(b).toDoubleVector(), lb.mmul(lb.transpose()).toDoubleMatrix());
    }

    private static INDArray repeat(INDArray a, int n) {
        long[] one = new long[a.rank() + 1], many = new long[a.rank() + 1];
        one[0] = 1;
        many[0] = n;
        for (int i = 0; i < a.rank(); i++) {
            one[i + 1] = many[i + 1] = a.size(i);
        }
        return Shapes.broadcastTo(a.reshape(one), many).dup();
    }

    @Test
    void shapesSplitIntoBatchAndEvent() {
        MultivariateNormal d = dist(loc(), tril());
        assertArrayEquals(new long[] {2}, d.batchShape());
        assertArrayEquals(new long[] {3}, d.eventShape());
        assertArrayEquals(new long[] {2, 3}, d.sample(Rng.of(1)).shape());
        assertArrayEquals(new long[] {2, 3, 3}, d.covariance().shape());
        MultivariateNormal shared = dist(loc(), tril().slice(1).dup());
        assertArrayEquals(new long[] {2}, shared.batchShape());
        assertArrayEquals(new long[] {2, 3}, shared.sample(Rng.of(1)).shape());
        MultivariateNormal one = dist(loc().getRow(0).dup(), tril());
        assertArrayEquals(new long[] {2}, one.batchShape());
        assertArrayEquals(new long[] {2}, one.logDensity(Var.constant(value().getRow(0).dup())).shape());
    }

    @Test
    void sharedAndPerBatchFactorsGiveTheSameDrawFromTheSameNoise() {
        INDArray shared = tril().slice(1).dup();
        INDArray perBatch = Nd4j.concat(0, shared.reshape(1, 3, 3), shared.reshape(1, 3, 3));
        INDArray eps = dist(loc(), tril()).reparamSample(Rng.of(3)).noise();
        INDArray a = dist(loc(), shared).reparam(eps).value(), b = dist(loc(), perBatch).reparam(eps).value();
        assertEquals(0.0, a.sub(b).norm2Number().doubleValue(), 1e-12);
        INDArray expected = shared.mmul(eps.getRow(0).reshape(3, 1)).reshape(3).add(loc().getRow(0));
        assertEquals(0.0, a.getRow(0).sub(expected).norm2Number().doubleValue(), 1e-12);
    }

    @Test
    void float32ParametersAgreeWithFloat64() {
        MultivariateNormal d64 = dist(loc(), tril());
        MultivariateNormal d32 = dist(loc().castTo(DataType.FLOAT), tril().castTo(DataType.FLOAT));
        INDArray lp32 = d32.logDensity(Var.constant(value().castTo(DataType.FLOAT))).value();
        assertEquals(DataType.FLOAT, lp32.dataType());
        assertEquals(0.0, lp32.castTo(DataType.DOUBLE).sub(d64.logDensity(Var.constant(value())).value())
                .norm2Number().doubleValue(), 1e-4);
        INDArray x32 = d32.sample(Rng.of(4)).value();
        assertEquals(DataType.FLOAT, x32.dataType());
        assertEquals(0.0, x32.castTo(DataType.DOUBLE).sub(d64.sample(Rng.of(4)).value()).norm2Number().doubleValue(), 1e-4);
    }

    @Test
    void logDensityMatchesCommonsMath() {
        INDArray l = loc(), x = value();
        INDArray xs = Nd4j.concat(0, x.reshape(1, 2, 3), x.add(0.7).reshape(1, 2, 3), x.mul(-1).reshape(1, 2, 3));
        for (INDArray factor : new INDArray[] {tril(), tril().slice(1).dup()}) {
            INDArray lp = dist(l, factor).logDensity(Var.constant(x)).value();
            INDArray lps = dist(l, factor).logDensity(Var.constant(xs)).value();
            assertArrayEquals(new long[] {3, 2}, lps.shape());
            for (int b = 0; b < 2; b++) {
                MultivariateNormalDistribution ref = reference(l, factor, b);
                double r = Math.log(ref.density(x.getRow(b).toDoubleVector()));
                assertEquals(r, lp.getDouble(b), 1e-9 * (1 + Math.abs(r)), "batch " + b);
                for (int n = 0; n < 3; n++) {
                    double rn = Math.log(ref.density(xs.slice(n).getRow(b).toDoubleVector()));
                    assertEquals(rn, lps.getDouble(n, b), 1e-9 * (1 + Math.abs(rn)), "value " + n + " batch " + b);
                }
            }
        }
    }

    @Test
    void sampleMeanAndCovarianceLieWithinFourStandardErrors() {
        INDArray draws = dist(repeat(loc(), DRAWS), repeat(tril(), DRAWS)).sample(Rng.of(2024)).value();
        assertArrayEquals(new long[] {DRAWS, 2, 3}, draws.shape());
        MultivariateNormal d = dist(loc(), tril());
        INDArray mean = d.mean().value(), cov = d.covariance().value(), var = d.variance().value();
        for (int b = 0; b < 2; b++) {
            INDArray lb = tril().slice(b).dup();
            INDArray exactCov = lb.mmul(lb.transpose());
            double[][] cols = new double[3][];
            double[] m = new double[3];
            for (int i = 0; i < 3; i++) {
                cols[i] = draws.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(i)).dup().toDoubleVector();
                m[i] = StatUtils.mean(cols[i]);
                assertEquals(loc().getDouble(b, i), mean.getDouble(b, i), 0.0);
                assertEquals(exactCov.getDouble(i, i), var.getDouble(b, i), 1e-12);
                assertEquals(mean.getDouble(b, i), m[i], 4 * Math.sqrt(StatUtils.variance(cols[i]) / DRAWS),
                        "mean " + b + "," + i);
            }
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j <= i; j++) {
                    double[] prod = new double[DRAWS];
                    for (int k = 0; k < DRAWS; k++) {
                        prod[k] = (cols[i][k] - m[i]) * (cols[j][k] - m[j]);
                    }
                    assertEquals(exactCov.getDouble(i, j), cov.getDouble(b, i, j), 1e-12);
                    assertEquals(exactCov.getDouble(i, j), StatUtils.mean(prod),
                            4 * Math.sqrt(StatUtils.variance(prod) / DRAWS), "covariance " + b + "," + i + "," + j);
                }
            }
        }
    }

    @Test
    void sameKeyGivesSameDrawsOtherKeysDifferAndNoiseReplays() {
        MultivariateNormal d = dist(loc(), tril());
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
        expectError("scaleTril", () -> dist(loc(), withEntry(1, 1, 1, 0.0)));      // zero diagonal
        expectError("scaleTril", () -> dist(loc(), withEntry(0, 2, 2, -0.5)));     // negative diagonal
        expectError("scaleTril", () -> dist(loc(), withEntry(0, 0, 2, 0.1)));      // upper triangle
        expectError("scaleTril", () -> dist(loc(), withEntry(1, 1, 0, Double.NaN)));
        INDArray badLoc = loc().dup();
        badLoc.putScalar(1, 2, Double.POSITIVE_INFINITY);
        expectError("loc", () -> dist(badLoc, tril()));
        expectError("scaleTril", () -> dist(loc(), Nd4j.ones(DataType.DOUBLE, 2, 4, 4)));
        expectError("scaleTril", () -> dist(loc(), Nd4j.ones(DataType.DOUBLE, 2, 3, 2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dist(loc(), withEntry(1, 0, 1, 0.3)));
        assertTrue(e.getMessage().contains("row 0, column 1") && e.getMessage().contains("0.3"), e.getMessage());
    }

    private static INDArray withEntry(int b, int i, int j, double v) {
        INDArray l = tril().dup();
        l.putScalar(new long[] {b, i, j}, v);
        return l;
    }

    private static void expectError(String param, Executable create) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, create);
        assertTrue(e.getMessage().contains("MultivariateNormal") && e.getMessage().contains("'" + param + "'"),
                e.getMessage());
    }

    @Test
    void theSupportIsAllOfRdButTheEventSizeMustMatch() {
        MultivariateNormal d = dist(loc(), tril());
        assertTrue(Double.isFinite(d.logDensity(Var.constant(value().mul(1e3))).value().minNumber().doubleValue()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.logDensity(Var.constant(Nd4j.zeros(DataType.DOUBLE, 2, 4))));
        assertTrue(e.getMessage().contains("MultivariateNormal") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void logDensityGradientsMatchFiniteDifferences() {
        // L is built inside the function from a full matrix times a lower-triangular mask, so that
        // perturbations stay lower triangular (the upper entries then have gradient 0)
        Var mask = Var.constant(lowerMask());
        GradCheck.verify("MultivariateNormal log density",
                v -> MultivariateNormal.of(v.get(0), v.get(1).mul(mask)).logDensity(v.get(2)), loc(), tril(), value());
        GradCheck.verify("MultivariateNormal log density, shared factor, batch of values",
                v -> MultivariateNormal.of(v.get(0), v.get(1).mul(mask)).logDensity(v.get(2)), loc(),
                tril().slice(0).dup(), Nd4j.concat(0, value().reshape(1, 2, 3), value().mul(0.5).reshape(1, 2, 3)));
    }

    @Test
    void pathwiseGradientOfTheExpectedSquaredNormIsUnbiased() {
        // E[sum x^2] = sum(loc^2) + trace(L L^T) = sum(loc^2) + sum(L^2): d/dloc = 2 loc, d/dL = 2 L
        int groups = 40, perGroup = 500;
        double[][][] est = new double[2][groups][];
        Rng[] keys = Rng.of(31).split(groups);
        for (int g = 0; g < groups; g++) {
            Var l = Var.param(loc()), s = Var.param(tril());
            Var x = MultivariateNormal.of(l.expandDims(0).broadcastTo(perGroup, 2, 3),
                    s.expandDims(0).broadcastTo(perGroup, 2, 3, 3)).reparamSample(keys[g]).value();
            Gradients grads = Grad.grad(x.square().sum().div(perGroup), l, s);
            est[0][g] = grads.get(l).reshape(6).toDoubleVector();
            est[1][g] = grads.get(s).reshape(18).toDoubleVector();
        }
        INDArray[] exact = {loc().mul(2).reshape(6), tril().mul(2).reshape(18)};
        for (int j = 0; j < 2; j++) {
            for (int k = 0; k < exact[j].length(); k++) {
                double[] col = new double[groups];
                for (int g = 0; g < groups; g++) {
                    col[g] = est[j][g][k];
                }
                double se = Math.sqrt(StatUtils.variance(col) / groups);
                assertEquals(exact[j].getDouble(k), StatUtils.mean(col), 4 * se + 1e-9,
                        "pathwise gradient wrt " + (j == 0 ? "loc" : "scaleTril") + " element " + k);
            }
        }
    }
}
