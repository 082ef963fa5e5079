package dev.ppl.dist.discrete;

import static dev.ppl.dist.ExactArrays.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Validation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DeltaTest {
    private static final double NINF = Double.NEGATIVE_INFINITY;

    private static INDArray matrix() {
        return Nd4j.createFromArray(new double[][] {{1.0, -2.0, 0.5}, {3.0, 0.0, 7.25}});
    }

    @Test
    void scalarEventsScoreZeroExactlyAtTheValueAndMinusInfinityElsewhere() {
        Delta d = Delta.of(Var.constant(matrix()));
        assertArrayEquals(new long[] {2, 3}, d.batchShape());
        assertArrayEquals(new long[0], d.eventShape());
        INDArray x = matrix().dup();
        x.putScalar(0, 2, Math.nextUp(0.5));
        x.putScalar(1, 0, -3.0);
        INDArray lp = d.logDensity(Var.constant(x)).value();
        assertExact(Nd4j.createFromArray(new double[][] {{0, 0, NINF}, {NINF, 0, 0}}), lp);
    }

    @Test
    void eventAxesAreReducedAndExtraLeadingAxesBroadcast() {
        Delta d = Delta.of(Var.constant(matrix()), 1);
        assertArrayEquals(new long[] {2}, d.batchShape());
        assertArrayEquals(new long[] {3}, d.eventShape());
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 4, 2, 3);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).assign(matrix());
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).assign(matrix());
        x.putScalar(new long[] {1, 1, 2}, 7.0);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(2)).getRow(1).assign(matrix().getRow(1));
        INDArray lp = d.logDensity(Var.constant(x)).value();
        assertArrayEquals(new long[] {4, 2}, lp.shape());
        assertExact(Nd4j.createFromArray(new double[][] {{0, 0}, {0, NINF}, {NINF, 0}, {NINF, NINF}}), lp);
        // a whole-tensor event (rank 2) gives one log density
        INDArray whole = Delta.of(Var.constant(matrix()), 2).logDensity(Var.constant(matrix())).value();
        assertEquals(0, whole.rank());
        assertEquals(0.0, whole.getDouble(0), 0.0);
        // float32 values compare in the value's type
        INDArray f = Delta.of(Var.constant(matrix()), 1).logDensity(Var.constant(matrix().castTo(DataType.FLOAT))).value();
        assertExact(Nd4j.createFromArray(0.0, 0.0), f);
    }

    @Test
    void strictValidationNamesTheFamily() {
        Delta d = Delta.of(Var.constant(Nd4j.createFromArray(1.0, 2.0)));
        try (Validation strict = Validation.strict()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> d.logDensity(Var.constant(Nd4j.createFromArray(1.0, 2.5))));
            assertTrue(e.getMessage().contains("Delta") && e.getMessage().contains("batch element 1"), e.getMessage());
            assertExact(Nd4j.zeros(DataType.DOUBLE, 2), d.logDensity(Var.constant(Nd4j.createFromArray(1.0, 2.0))).value());
        }
    }

    @Test
    void sampleIsTheValueWithoutGradientAndReparamKeepsTheGradient() {
        Var v = Var.param(matrix());
        Delta d = Delta.of(v, 1);
        Var s = d.sample(Rng.of(1));
        assertExact(matrix(), s.value());
        assertFalse(s.requiresGrad());
        assertExact(d.sample(Rng.of(1)).value(), d.sample(Rng.of(2)).value());
        assertTrue(d.hasReparam());
        ReparamSample<Var> r = d.reparamSample(Rng.of(3));
        assertTrue(r.noise().isEmpty());
        assertSame(v, r.value());
        assertSame(v, d.reparam(r.noise()));
        Var objective = r.value().square().sum();
        assertExact(matrix().mul(2.0), Grad.grad(objective, v).get(v));
        // the log density is constant on the support: zero gradient, no NaN
        INDArray g = Grad.grad(d.logDensity(r.value()).sum(), v).get(v);
        assertExact(Nd4j.zeros(DataType.DOUBLE, 2, 3), g);
    }

    @Test
    void meanVarianceAndEnumeration() {
        Var v = Var.param(matrix());
        Delta d = Delta.of(v);
        assertSame(v, d.mean());
        assertExact(Nd4j.zeros(DataType.DOUBLE, 2, 3), d.variance().value());
        assertTrue(d.isEnumerable());
        Var support = d.support();
        assertArrayEquals(new long[] {1, 2, 3}, support.shape());
        assertExact(Nd4j.zeros(DataType.DOUBLE, 1, 2, 3), d.logDensity(support).value());
    }

    @Test
    void invalidValuesAndEventRanksAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Delta.of(Var.constant(Nd4j.createFromArray(1.0, Double.NaN))));
        assertTrue(e.getMessage().contains("Delta") && e.getMessage().contains("'value'")
                && e.getMessage().contains("element 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Delta.of(Var.constant(matrix()), 3));
        assertTrue(e.getMessage().contains("Delta") && e.getMessage().contains("event rank 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Delta.of(Var.constant(matrix()), -1));
    }
}
