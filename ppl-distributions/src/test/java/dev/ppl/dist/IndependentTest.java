package dev.ppl.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.dist.discrete.Categorical;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class IndependentTest {
    private static Var c(double[][] v) {
        return Var.constant(Nd4j.createFromArray(v));
    }

    @Test
    void movesTheRightmostBatchDimsIntoTheEventAndSumsTheirLogDensities() {
        double[][] loc = {{0.1, -0.3, 2.0}, {1.0, 0.0, -1.5}};
        double[][] x = {{0.4, 0.2, 1.0}, {-0.5, 0.3, 0.0}};
        Distribution<Var> d = Normal.of(c(loc), Var.constant(Nd4j.scalar(0.7))).toEvent(1);
        assertArrayEquals(new long[] {2}, d.batchShape());
        assertArrayEquals(new long[] {3}, d.eventShape());
        double[] lp = d.logDensity(c(x)).value().toDoubleVector();
        for (int i = 0; i < 2; i++) {
            double exact = 0;
            for (int j = 0; j < 3; j++) {
                exact += new NormalDistribution(loc[i][j], 0.7).logDensity(x[i][j]);
            }
            assertEquals(exact, lp[i], 1e-12);
        }
        assertEquals(lp[0] + lp[1], d.logDensitySum(c(x)).item(), 1e-12);
        Distribution<Var> all = Normal.of(c(loc), Var.constant(Nd4j.scalar(0.7))).toEvent(1).toEvent(1);
        assertArrayEquals(new long[0], all.batchShape());
        assertArrayEquals(new long[] {2, 3}, all.eventShape());
        assertEquals(lp[0] + lp[1], all.logDensity(c(x)).item(), 1e-12);
    }

    @Test
    void toEventZeroIsTheDistributionItselfAndTooManyDimsIsAnError() {
        Distribution<Var> b = Bernoulli.ofProbs(Var.constant(Nd4j.createFromArray(0.2, 0.7)));
        assertSame(b, b.toEvent(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.toEvent(2));
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("toEvent(2)"), e.getMessage());
    }

    @Test
    void theSupportIsTheProductOfTheCoordinatesSupports() {
        Distribution<Var> d = Bernoulli.ofProbs(Var.constant(Nd4j.createFromArray(0.2, 0.7))).toEvent(1);
        Var s = d.support();
        assertArrayEquals(new long[] {4, 2}, s.shape());
        double[][] expected = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        double total = 0;
        for (int j = 0; j < 4; j++) {
            assertArrayEquals(expected[j], s.value().getRow(j).toDoubleVector(), 0.0);
            total += Math.exp(d.logDensity(s.slice(0, j, j + 1).squeeze(0)).item());
        }
        assertEquals(1.0, total, 1e-12, "the joint probabilities sum to one");
        assertEquals(0.8 * 0.7, Math.exp(d.logDensity(s.slice(0, 1, 2).squeeze(0)).item()), 1e-12);
    }

    @Test
    void aBatchedProductSupportKeepsTheOuterBatch() {
        Var probs = Var.constant(Nd4j.createFromArray(new double[][] {{0.5, 0.2, 0.3}, {0.1, 0.1, 0.8}}));
        Distribution<Var> d = Categorical.ofProbs(probs).toEvent(1);
        assertArrayEquals(new long[0], d.batchShape());
        Var s = d.support();
        assertArrayEquals(new long[] {9, 2}, s.shape());
        assertArrayEquals(new double[] {2, 1}, s.value().getRow(7).toDoubleVector(), 0.0);
        assertEquals(Math.log(0.3 * 0.1), d.logDensity(s.slice(0, 7, 8).squeeze(0)).item(), 1e-12);
    }

    @Test
    void aJointSupportAboveTheCapIsAnErrorNamingItsSize() {
        Distribution<Var> d = Bernoulli.ofProbs(Var.constant(Nd4j.valueArrayOf(new long[] {20}, 0.5))).toEvent(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, d::support);
        assertTrue(e.getMessage().contains("1048576") && e.getMessage().contains("[20]"), e.getMessage());
    }
}
