package dev.ppl.autodiff.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.nn.Params;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class OptimizersTest {
    private static Params params(double... init) {
        Params.Builder b = Params.builder(DataType.DOUBLE, 1);
        b.add("p", (t, s) -> t.assign(Nd4j.createFromArray(init)), init.length);
        return b.build();
    }

    private static final double[][] GRADS = {{0.5, -1.0}, {0.1, 2.0}, {-0.3, 0.7}, {1.5, -0.2}};

    @Test
    void adamMatchesTheBiasCorrectedFormula() {
        double lr = 0.1, b1 = 0.9, b2 = 0.99, eps = 1e-8, wd = 0.01;
        Params p = params(1.0, -2.0);
        Adam adam = new Adam(lr, b1, b2, eps, wd);
        double[] theta = {1.0, -2.0}, m = new double[2], v = new double[2];
        for (int t = 1; t <= GRADS.length; t++) {
            p.flatGrads().assign(Nd4j.createFromArray(GRADS[t - 1]));
            adam.step(p);
            for (int i = 0; i < 2; i++) {
                double g = GRADS[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mhat = m[i] / (1 - Math.pow(b1, t)), vhat = v[i] / (1 - Math.pow(b2, t));
                theta[i] = theta[i] * (1 - lr * wd) - lr * mhat / (Math.sqrt(vhat) + eps);
            }
            assertArrayEquals(theta, p.flatValues().toDoubleVector(), 1e-6, "step " + t);
        }
    }

    @Test
    void sgdWithMomentumMatchesTheHeavyBallFormula() {
        Params p = params(1.0, -2.0);
        Sgd sgd = new Sgd(0.1, 0.9);
        double[] theta = {1.0, -2.0}, vel = new double[2];
        for (double[] g : GRADS) {
            p.flatGrads().assign(Nd4j.createFromArray(g));
            sgd.step(p);
            for (int i = 0; i < 2; i++) {
                vel[i] = 0.9 * vel[i] + g[i];
                theta[i] -= 0.1 * vel[i];
            }
        }
        assertArrayEquals(theta, p.flatValues().toDoubleVector(), 1e-12);
    }

    @Test
    void restoredStateContinuesExactlyLikeTheOriginal() {
        for (boolean adamKind : new boolean[] {true, false}) {
            Params a = params(1.0, -2.0), b = params(1.0, -2.0);
            Optimizer oa = adamKind ? new Adam(0.1) : new Sgd(0.1, 0.5);
            Optimizer ob = adamKind ? new Adam(0.1) : new Sgd(0.1, 0.5);
            for (int t = 0; t < 2; t++) {
                a.flatGrads().assign(Nd4j.createFromArray(GRADS[t]));
                oa.step(a);
            }
            b.load(a.snapshot());
            ob.restore(oa.state());
            for (int t = 2; t < GRADS.length; t++) {
                a.flatGrads().assign(Nd4j.createFromArray(GRADS[t]));
                b.flatGrads().assign(Nd4j.createFromArray(GRADS[t]));
                oa.step(a);
                ob.step(b);
            }
            assertArrayEquals(a.flatValues().toDoubleVector(), b.flatValues().toDoubleVector(), 0.0);
        }
    }

    @Test
    void adamsJavaPassAgreesWithNd4jsFusedOpInBothTypes() {
        int n = 2 * AdamKernel.CHUNK + 1808; // two whole chunks and a partial one
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (double wd : new double[] {0.0, 0.05}) {
                Params a = big(t, n), b = big(t, n);
                Adam java = new Adam(0.01, 0.9, 0.999, 1e-8, wd), nd4j = new Adam(0.01, 0.9, 0.999, 1e-8, wd);
                for (int step = 0; step < 5; step++) {
                    org.nd4j.linalg.api.ndarray.INDArray g = dev.ppl.autodiff.TestArrays.normal(100 + step, n).castTo(t);
                    a.flatGrads().assign(g);
                    b.flatGrads().assign(g);
                    java.step(a, false);
                    nd4j.step(b, true);
                }
                double tol = t == DataType.FLOAT ? 1e-6 : 1e-13;
                double[] x = a.flatValues().toDoubleVector(), y = b.flatValues().toDoubleVector();
                for (int i = 0; i < n; i++) {
                    assertEquals(y[i], x[i], tol * Math.max(1, Math.abs(y[i])), t + " weight decay " + wd + " at " + i);
                }
                // ND4J forms 1 - beta2 from beta2 rounded to float32 (1 - 0.999f = 0.00099998713, 1.3e-5 below
                // 0.001); the Java pass rounds 1 - beta2 itself, so float32 second moments differ by that much
                double[] vn = nd4j.state().buffers().get("v").toDoubleVector(), vj = java.state().buffers().get("v").toDoubleVector();
                double vtol = t == DataType.FLOAT ? 1.5e-5 : 1e-13;
                for (int i = 0; i < n; i++) {
                    assertEquals(vn[i], vj[i], vtol * vn[i], t + " second moment at " + i);
                }
            }
        }
    }

    @Test
    void theTwoThreadPassIsBitForBitTheOneThreadPassAndAgreesWithNd4j() {
        int n = (int) AdamKernel.PARALLEL * 2 + 999; // split at a chunk boundary, a partial last chunk
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            org.nd4j.linalg.api.ndarray.INDArray g = dev.ppl.autodiff.TestArrays.normal(5, n).castTo(t);
            Params split = big(t, n), nd4j = big(t, n);
            org.nd4j.linalg.api.ndarray.INDArray m = org.nd4j.linalg.factory.Nd4j.zeros(t, n), v = m.dup();
            org.nd4j.linalg.api.ndarray.INDArray theta = split.flatValues().dup();
            Adam adam = new Adam(0.01), reference = new Adam(0.01);
            for (int step = 0; step < 3; step++) {
                split.flatGrads().assign(g.mul(step + 1));
                nd4j.flatGrads().assign(g.mul(step + 1));
                adam.step(split, false);
                reference.step(nd4j, true);
                // one thread, chunk by chunk: the update of the range [0, n) called directly on one thread
                double tt = step + 1, alpha = 0.01 * Math.sqrt(1 - Math.pow(0.999, tt)) / (1 - Math.pow(0.9, tt));
                for (int from = 0; from < n; from += AdamKernel.CHUNK) {
                    int len = Math.min(AdamKernel.CHUNK, n - from);
                    org.nd4j.linalg.indexing.INDArrayIndex r = org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + len);
                    AdamKernel.step(g.mul(step + 1).get(r).dup(), m.get(r), v.get(r), theta.get(r), 0.9, 0.999, 1e-8, alpha, 1.0);
                }
            }
            assertArrayEquals(theta.toDoubleVector(), split.flatValues().toDoubleVector(), 0.0, t + ": two threads vs one");
            double tol = t == DataType.FLOAT ? 1e-6 : 1e-13;
            double[] x = split.flatValues().toDoubleVector(), y = nd4j.flatValues().toDoubleVector();
            for (int i = 0; i < n; i += 997) {
                assertEquals(y[i], x[i], tol * Math.max(1, Math.abs(y[i])), t + " against ND4J's op at " + i);
            }
        }
    }

    private static Params big(DataType t, int n) {
        Params.Builder b = Params.builder(t, 1);
        b.add("w", (arr, s) -> arr.assign(dev.ppl.autodiff.TestArrays.normal(7, n)), n);
        return b.build();
    }

    @Test
    void resetOptimizerRepeatsTheRunOfAFreshOne() {
        for (boolean adamKind : new boolean[] {true, false}) {
            Params a = params(1.0, -2.0), b = params(1.0, -2.0);
            Optimizer used = adamKind ? new Adam(0.1) : new Sgd(0.1, 0.5);
            Optimizer fresh = adamKind ? new Adam(0.1) : new Sgd(0.1, 0.5);
            for (double[] g : GRADS) {
                a.flatGrads().assign(Nd4j.createFromArray(g));
                used.step(a);
            }
            used.reset();
            a.load(b.snapshot());
            for (double[] g : GRADS) {
                a.flatGrads().assign(Nd4j.createFromArray(g));
                b.flatGrads().assign(Nd4j.createFromArray(g));
                used.step(a);
                fresh.step(b);
            }
            assertArrayEquals(b.flatValues().toDoubleVector(), a.flatValues().toDoubleVector(), 0.0, adamKind ? "adam" : "sgd");
            assertEquals(fresh.state().step(), used.state().step());
        }
    }

    @Test
    void anOptimizerWithoutResetSaysSoByName() {
        Optimizer plain = new Optimizer() {
            @Override public void step(Params params) {}
            @Override public OptimizerState state() { return null; }
            @Override public void restore(OptimizerState state) {}
        };
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, plain::reset);
        assertTrue(e.getMessage().contains(plain.getClass().getName()) && e.getMessage().contains("reset()"), e.getMessage());
    }

    @Test
    void stateOfAnotherKindOrSizeIsRejected() {
        Adam adam = new Adam(0.1);
        assertThrows(IllegalArgumentException.class, () -> adam.restore(new Sgd(0.1, 0.0).state()));
        Params small = params(1.0), big = params(1.0, 2.0);
        Adam a1 = new Adam(0.1);
        a1.step(small);
        Adam a2 = new Adam(0.1);
        a2.restore(a1.state());
        assertThrows(IllegalStateException.class, () -> a2.step(big));
    }

    @Test
    void invalidHyperparametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Adam(-1));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 1.0, 0.9, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1.0));
    }

    @Test
    void clipNormScalesOnlyGradientsAboveTheThreshold() {
        Params p = params(0, 0);
        p.flatGrads().assign(Nd4j.createFromArray(3.0, 4.0));
        assertEquals(5.0, GradClip.clipNorm(p, 1.0), 1e-12);
        assertArrayEquals(new double[] {0.6, 0.8}, p.flatGrads().toDoubleVector(), 1e-12);
        assertEquals(1.0, GradClip.clipNorm(p, 2.0), 1e-12);
        assertArrayEquals(new double[] {0.6, 0.8}, p.flatGrads().toDoubleVector(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> GradClip.clipNorm(p, 0));
    }

    @Test
    void sgdDecreasesAQuadratic() {
        Params p = params(3.0, -1.0);
        Sgd sgd = new Sgd(0.1, 0.0);
        for (int i = 0; i < 100; i++) {
            p.flatGrads().assign(p.flatValues().mul(2));
            sgd.step(p);
        }
        assertEquals(0.0, p.flatValues().norm2Number().doubleValue(), 1e-6);
    }
}
