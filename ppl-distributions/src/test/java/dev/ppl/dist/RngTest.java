package dev.ppl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RngTest {
    @Test
    void sameSeedGivesSameKeysAndDraws() {
        assertEquals(Rng.of(5), Rng.of(5));
        assertEquals(Rng.of(5).normal(DataType.DOUBLE, 10), Rng.of(5).normal(DataType.DOUBLE, 10));
        assertEquals(Rng.of(5).split(3)[2], Rng.of(5).split(3)[2]);
        assertEquals(Rng.of(5).uniformDouble(), Rng.of(5).uniformDouble());
    }

    @Test
    void splitAndFoldGiveDistinctKeys() {
        Set<Long> bits = new HashSet<>();
        Rng root = Rng.of(1);
        bits.add(root.bits());
        for (Rng k : root.split(100)) {
            bits.add(k.bits());
            bits.add(k.fold(7).bits());
        }
        assertEquals(201, bits.size());
        assertNotEquals(root.normal(DataType.FLOAT, 8), root.split()[0].normal(DataType.FLOAT, 8));
    }

    @Test
    void uniformDrawsLieStrictlyInsideTheUnitInterval() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray u = Rng.of(3).uniform(t, 100_000);
            assertTrue(u.minNumber().doubleValue() > 0 && u.maxNumber().doubleValue() < 1);
            // mean 1/2, standard error sqrt(1/12 / n)
            assertEquals(0.5, u.meanNumber().doubleValue(), 4 * Math.sqrt(1.0 / 12 / 100_000));
        }
    }

    @Test
    void normalGammaAndPoissonDrawsHaveTheirMeans() {
        int n = 100_000;
        INDArray z = Rng.of(4).normal(DataType.DOUBLE, n);
        assertEquals(0.0, z.meanNumber().doubleValue(), 4 / Math.sqrt(n));
        INDArray alpha = Nd4j.valueArrayOf(new long[] {n}, 2.5, DataType.DOUBLE);
        INDArray g = Rng.of(5).gamma(alpha);
        assertEquals(2.5, g.meanNumber().doubleValue(), 4 * Math.sqrt(2.5 / n));
        INDArray rate = Nd4j.valueArrayOf(new long[] {n}, 3.0, DataType.DOUBLE);
        INDArray k = Rng.of(6).poisson(rate);
        assertEquals(3.0, k.meanNumber().doubleValue(), 4 * Math.sqrt(3.0 / n));
        assertEquals(Rng.of(5).gamma(alpha), Rng.of(5).gamma(alpha));
        INDArray big = Rng.of(7).poisson(Nd4j.createFromArray(1000.0, 0.01));
        assertTrue(big.getDouble(0) > 800 && big.getDouble(0) < 1200, "Poisson(1000) draw " + big.getDouble(0));
    }

    @Test
    void gammaDrawsPassAKolmogorovSmirnovTestForSmallAndLargeShapes() {
        for (double alpha : new double[] {0.3, 1.0, 4.5}) {
            INDArray a = Nd4j.valueArrayOf(new long[] {5000}, alpha, DataType.DOUBLE);
            double[] x = Rng.of(12).fold((long) (alpha * 10)).gamma(a).toDoubleVector();
            double p = new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest()
                    .kolmogorovSmirnovTest(new org.apache.commons.math3.distribution.GammaDistribution(alpha, 1), x);
            assertTrue(p > 1e-3, "Gamma(" + alpha + ") KS p-value " + p);
        }
    }

    @Test
    void poissonDrawsFollowThePoissonProbabilities() {
        // chi-square goodness of fit on 0..9 (tail pooled) for rate 2.5
        int n = 20_000;
        double[] k = Rng.of(13).poisson(Nd4j.valueArrayOf(new long[] {n}, 2.5, DataType.DOUBLE)).toDoubleVector();
        long[] observed = new long[11];
        for (double v : k) {
            observed[(int) Math.min(v, 10)]++;
        }
        org.apache.commons.math3.distribution.PoissonDistribution ref = new org.apache.commons.math3.distribution.PoissonDistribution(2.5);
        double[] expected = new double[11];
        for (int i = 0; i < 10; i++) {
            expected[i] = n * ref.probability(i);
        }
        expected[10] = n * (1 - ref.cumulativeProbability(9));
        double p = new org.apache.commons.math3.stat.inference.ChiSquareTest().chiSquareTest(expected, observed);
        assertTrue(p > 1e-3, "chi-square p-value " + p);
    }

    @Test
    void drawsForDifferentElementsAreIndependent() {
        // two batch elements with equal parameters: the sample correlation of their draws over
        // n repetitions must be within 4 standard errors (1/sqrt(n)) of zero
        int n = 20_000;
        INDArray rate = Nd4j.valueArrayOf(new long[] {n, 2}, 3.0, DataType.DOUBLE);
        assertUncorrelated("poisson", Rng.of(8).poisson(rate), n);
        assertUncorrelated("gamma", Rng.of(9).gamma(rate), n);
        assertUncorrelated("normal", Rng.of(10).normal(DataType.DOUBLE, n, 2), n);
        assertUncorrelated("uniform", Rng.of(11).uniform(DataType.DOUBLE, n, 2), n);
    }

    private static void assertUncorrelated(String what, INDArray draws, int n) {
        double[] a = draws.getColumn(0).toDoubleVector(), b = draws.getColumn(1).toDoubleVector();
        double r = new org.apache.commons.math3.stat.correlation.PearsonsCorrelation().correlation(a, b);
        assertEquals(0.0, r, 4 / Math.sqrt(n), what + " draws of two elements are correlated");
    }
}
