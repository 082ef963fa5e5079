package dev.ppl.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MaskedTest {
    private static final double[] LOC = {0.5, -1.0, 2.0};
    private static final double[] SCALE = {1.0, 0.5, 2.0};
    private static final double[] X = {0.3, 0.7, -1.1};

    private static Normal normal(Var loc) {
        return Normal.of(loc, Var.constant(Nd4j.createFromArray(SCALE)));
    }

    @Test
    void theLogDensityIsTheBasesWhereTheMaskIsOneAndZeroElsewhere() {
        INDArray mask = Nd4j.createFromArray(1.0, 0.0, 1.0);
        Var lp = normal(Var.constant(Nd4j.createFromArray(LOC))).mask(mask).logDensity(Var.constant(Nd4j.createFromArray(X)));
        double total = 0;
        for (int i = 0; i < 3; i++) {
            double expected = mask.getDouble(i) == 1.0 ? new NormalDistribution(LOC[i], SCALE[i]).logDensity(X[i]) : 0.0;
            assertEquals(expected, lp.value().getDouble(i), 1e-12, "element " + i);
            total += expected;
        }
        Distribution<Var> masked = normal(Var.constant(Nd4j.createFromArray(LOC))).mask(mask);
        assertEquals(total, masked.logDensitySum(Var.constant(Nd4j.createFromArray(X))).value().getDouble(0), 1e-12);
    }

    @Test
    void gradientsReachOnlyTheUnmaskedElements() {
        Var loc = Var.param(Nd4j.createFromArray(LOC));
        Var lp = normal(loc).mask(Nd4j.createFromArray(true, false, true)).logDensitySum(Var.constant(Nd4j.createFromArray(X)));
        INDArray g = Grad.grad(lp, loc).get(loc);
        for (int i = 0; i < 3; i++) {
            double expected = i == 1 ? 0.0 : (X[i] - LOC[i]) / (SCALE[i] * SCALE[i]); // d/dmu log N(x; mu, s)
            assertEquals(expected, g.getDouble(i), 1e-12, "d/dloc " + i);
        }
    }

    @Test
    void anInfiniteDensityUnderTheMaskBecomesZero() {
        Var p = Var.param(Nd4j.createFromArray(0.0, 0.3));
        Var lp = Bernoulli.ofProbs(p).mask(Nd4j.createFromArray(0.0, 1.0)).logDensity(Var.constant(Nd4j.createFromArray(1.0, 1.0)));
        assertEquals(0.0, lp.value().getDouble(0), 0.0, "log 0 masked out");
        assertEquals(Math.log(0.3), lp.value().getDouble(1), 1e-12);
        assertEquals(1 / 0.3, Grad.grad(lp.sum(), p).get(p).getDouble(1), 1e-12, "the unmasked gradient");
    }

    @Test
    void aMaskBroadcastsToTheBatchShapeAndToExtraLeadingDimsOfTheValue() {
        Distribution<Var> d = Normal.of(Var.constant(Nd4j.zeros(DataType.DOUBLE, 2, 3)), Var.scalar(1.0, DataType.DOUBLE))
                .mask(Nd4j.createFromArray(true, false, true));
        assertArrayEquals(new long[] {2, 3}, d.batchShape());
        Var lp = d.logDensity(Var.constant(Nd4j.zeros(DataType.DOUBLE, 4, 2, 3)));
        assertArrayEquals(new long[] {4, 2, 3}, lp.shape());
        assertEquals(0.0, lp.value().getDouble(3, 1, 1), 0.0);
        assertEquals(-0.5 * Math.log(2 * Math.PI), lp.value().getDouble(3, 1, 2), 1e-12);
        Distribution<Var> expanded = d.expand(new long[] {5, 2, 3});
        assertArrayEquals(new long[] {5, 2, 3}, expanded.batchShape());
        assertEquals(0.0, expanded.logDensity(Var.constant(Nd4j.zeros(DataType.DOUBLE, 5, 2, 3))).value().getDouble(4, 0, 1), 0.0);
    }

    @Test
    void drawsAndReparameterizationAreTheBases() {
        Normal base = normal(Var.constant(Nd4j.createFromArray(LOC)));
        Distribution<Var> masked = base.mask(Nd4j.createFromArray(1.0, 0.0, 1.0));
        Rng key = Rng.of(3);
        assertArrayEquals(base.sample(key).value().toDoubleVector(), masked.sample(key).value().toDoubleVector(), 0.0);
        assertTrue(masked.hasReparam());
        assertArrayEquals(base.reparamSample(key).value().value().toDoubleVector(),
                masked.reparamSample(key).value().value().toDoubleVector(), 0.0);
    }

    @Test
    void aMaskedChoiceIsNotEnumerable() {
        Distribution<Var> d = Bernoulli.ofProbs(Var.constant(Nd4j.createFromArray(0.2, 0.6))).mask(Nd4j.createFromArray(1.0, 0.0));
        assertFalse(d.isEnumerable());
        IllegalStateException e = assertThrows(IllegalStateException.class, d::support);
        assertTrue(e.getMessage().contains("masked choice cannot be enumerated"), e.getMessage());
    }

    @Test
    void badMasksAreRejectedWithTheirShapeOrValue() {
        Normal base = normal(Var.constant(Nd4j.createFromArray(LOC)));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> base.mask(Nd4j.ones(4)));
        assertTrue(shape.getMessage().contains("[4]") && shape.getMessage().contains("[3]"), shape.getMessage());
        IllegalArgumentException wider = assertThrows(IllegalArgumentException.class, () -> base.mask(Nd4j.ones(2, 3)));
        assertTrue(wider.getMessage().contains("[2, 3]"), wider.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> base.mask(Nd4j.createFromArray(1.0, 0.5, 0.0)));
        assertTrue(value.getMessage().contains("0.5") && value.getMessage().contains("index 1"), value.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.mask(null));
    }
}
