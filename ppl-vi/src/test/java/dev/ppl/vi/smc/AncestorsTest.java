package dev.ppl.vi.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The law of the ancestor indices against an independent computation
 * ({@link TinyDiscrete#ancestorProbability}: the uniforms' range split at its breakpoints, each
 * piece tested with a plain search): probabilities, their gradients in the log weights (central
 * differences), the frequencies of {@link Ancestors#sample}, and bad input.
 */
class AncestorsTest {
    static final double[][] LOG_WEIGHTS = {{-0.3, 0.4, -1.2}, {0.0, -2.5, 0.7}, {1.1, 1.1, -0.2}, {-0.5, 0.2}};

    static Var vector(double... v) {
        return Var.param(Nd4j.createFromArray(v));
    }

    static double[] indices(int[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    @Test
    void probabilitiesMatchTheMeasureOfTheUniformsAndSumToOne() {
        for (Resampling scheme : Resampling.values()) {
            for (double[] lw : LOG_WEIGHTS) {
                Ancestors law = Ancestors.of(scheme, vector(lw));
                double total = 0;
                for (int[] a : TinyDiscrete.allVectors(lw.length, lw.length)) {
                    double expected = TinyDiscrete.ancestorProbability(scheme, TinyDiscrete.normalized(lw), a);
                    double p = Math.exp(law.logDensity(Var.constant(Nd4j.createFromArray(indices(a)))).item());
                    assertEquals(expected, p, 1e-12, scheme + " " + java.util.Arrays.toString(a));
                    total += p;
                }
                assertEquals(1.0, total, 1e-12, scheme.name());
            }
        }
    }

    @Test
    void gradientsMatchCentralDifferencesOfTheIndependentLaw() {
        for (Resampling scheme : Resampling.values()) {
            for (double[] lw : LOG_WEIGHTS) {
                for (int[] a : TinyDiscrete.allVectors(lw.length, lw.length)) {
                    double p = TinyDiscrete.ancestorProbability(scheme, TinyDiscrete.normalized(lw), a);
                    if (p < 1e-3) {
                        continue; // the boundary of the support: no derivative there
                    }
                    Var l = vector(lw);
                    Var lp = Ancestors.of(scheme, l).logDensity(Var.constant(Nd4j.createFromArray(indices(a))));
                    double[] g = Grad.grad(lp, List.of(l)).get(l).toDoubleVector();
                    for (int j = 0; j < lw.length; j++) {
                        double h = 1e-6;
                        double[] up = lw.clone();
                        double[] down = lw.clone();
                        up[j] += h;
                        down[j] -= h;
                        double fd = (Math.log(TinyDiscrete.ancestorProbability(scheme, TinyDiscrete.normalized(up), a))
                                - Math.log(TinyDiscrete.ancestorProbability(scheme, TinyDiscrete.normalized(down), a))) / (2 * h);
                        assertEquals(fd, g[j], 1e-5 * (1 + Math.abs(fd)), scheme + " " + java.util.Arrays.toString(a) + " d/dl" + j);
                    }
                }
            }
        }
    }

    @Test
    void samplesFollowTheLaw() {
        int n = 4000;
        for (Resampling scheme : Resampling.values()) {
            double[] lw = LOG_WEIGHTS[0];
            Ancestors law = Ancestors.of(scheme, vector(lw));
            Map<String, Integer> counts = new HashMap<>();
            for (Rng key : Rng.of(3).split(n)) {
                counts.merge(java.util.Arrays.toString(law.sample(key).value().toDoubleVector()), 1, Integer::sum);
            }
            for (int[] a : TinyDiscrete.allVectors(3, 3)) {
                double p = TinyDiscrete.ancestorProbability(scheme, TinyDiscrete.normalized(lw), a);
                double f = counts.getOrDefault(java.util.Arrays.toString(indices(a)), 0) / (double) n;
                assertEquals(p, f, 4 * Math.sqrt(p * (1 - p) / n) + 1e-12, scheme + " " + java.util.Arrays.toString(a));
            }
        }
    }

    @Test
    void sameKeySameAncestors() {
        Ancestors law = Ancestors.of(Resampling.SYSTEMATIC, vector(LOG_WEIGHTS[1]));
        assertEquals(law.sample(Rng.of(5)).value(), law.sample(Rng.of(5)).value());
    }

    @Test
    void impossibleAndMalformedValues() {
        Ancestors law = Ancestors.of(Resampling.STRATIFIED, vector(0.0, 0.0));
        assertEquals(Double.NEGATIVE_INFINITY, law.logDensity(Var.constant(Nd4j.createFromArray(2.0, 0.0))).item());
        assertEquals(Double.NEGATIVE_INFINITY, law.logDensity(Var.constant(Nd4j.createFromArray(0.5, 0.0))).item());
        // stratified with equal weights: particle 0 can only pick 0, particle 1 only 1
        assertEquals(Double.NEGATIVE_INFINITY, law.logDensity(Var.constant(Nd4j.createFromArray(1.0, 1.0))).item());
        assertTrue(Double.isNaN(law.logDensity(Var.constant(Nd4j.createFromArray(Double.NaN, 0.0))).item()));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> law.logDensity(Var.constant(Nd4j.createFromArray(0.0, 1.0, 1.0))));
        assertTrue(shape.getMessage().contains("Ancestors(STRATIFIED)"), shape.getMessage());
        IllegalArgumentException dead = assertThrows(IllegalArgumentException.class,
                () -> Ancestors.of(Resampling.SYSTEMATIC, vector(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY)));
        assertTrue(dead.getMessage().contains("all -Infinity"), dead.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ancestors.of(Resampling.SYSTEMATIC, Var.constant(Nd4j.zeros(2, 2))));
        assertThrows(UnsupportedOperationException.class, () -> law.expand(new long[] {3}));
    }
}
