package dev.ppl.vi.smc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The resampling schemes as functions of their uniforms; offspring counts have mean \(K W_k\). */
class ResamplingTest {
    static final double[] W = {0.1, 0.6, 0.0, 0.3};

    @Test
    void schemesMapTheirPointsThroughTheCumulativeWeights() {
        assertArrayEquals(new int[] {1, 1, 1, 3}, Resampling.SYSTEMATIC.ancestors(W, new double[] {0.5}));
        assertArrayEquals(new int[] {0, 1, 3, 3}, Resampling.STRATIFIED.ancestors(W, new double[] {0.2, 0.0, 0.9, 0.99}));
        assertArrayEquals(new int[] {3, 0, 1, 1}, Resampling.MULTINOMIAL.ancestors(W, new double[] {0.95, 0.05, 0.4, 0.65}));
    }

    @Test
    void offspringCountsHaveMeanKTimesTheWeight() {
        Random r = new Random(11);
        for (Resampling s : Resampling.values()) {
            double[] counts = new double[W.length];
            int n = 20000;
            for (int i = 0; i < n; i++) {
                double[] u = new double[s.uniformsNeeded(W.length)];
                for (int j = 0; j < u.length; j++) {
                    u[j] = r.nextDouble();
                }
                for (int a : s.ancestors(W, u)) {
                    counts[a]++;
                }
            }
            for (int k = 0; k < W.length; k++) {
                assertEquals(W.length * W[k], counts[k] / n, 0.03, s + " particle " + k);
            }
            assertEquals(0.0, counts[2], 0.0, s + ": a weight-0 particle is never an ancestor");
        }
    }

    @Test
    void badWeightsAreErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Resampling.SYSTEMATIC.ancestors(new double[] {0.5, 0.6}, new double[] {0.1}));
        assertTrue(e.getMessage().contains("1.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Resampling.MULTINOMIAL.ancestors(W, new double[] {0.1}));
    }
}
