package dev.ppl.dist.discrete;

import static dev.ppl.dist.ExactArrays.assertExact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.DiscreteContract;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Validation;
import java.util.List;
import org.apache.commons.math3.distribution.AbstractIntegerDistribution;
import org.apache.commons.math3.distribution.GeometricDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Geometric (failures before the first success), against Commons Math's GeometricDistribution (same convention). */
class GeometricTest extends DiscreteContract {
    @Override protected String family() { return "Geometric"; }

    @Override
    protected List<INDArray> parameters() {
        return List.of(Nd4j.createFromArray(0.15, 0.5, 0.9));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Geometric.ofProbs(p.get(0));
    }

    @Override
    protected AbstractIntegerDistribution reference(double[][] t) {
        return new GeometricDistribution(null, t[0][0]);
    }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(7.0, 0.0, 2.0);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        return List.of(new InvalidCase("probs", List.of(Nd4j.createFromArray(0.2, 0.0, 0.3))),
                new InvalidCase("probs", List.of(Nd4j.createFromArray(0.2, 1.0000001, 0.3))),
                new InvalidCase("probs", List.of(Nd4j.createFromArray(Double.NaN, 0.5, 0.3))));
    }

    @Override protected double outsideSupport() { return -1.0; }

    @Test
    void certainSuccessIsAPointMassAtZero() {
        Var p = Var.param(Nd4j.createFromArray(1.0, 0.5));
        Geometric d = Geometric.ofProbs(p);
        INDArray lp = d.logDensity(Var.constant(Nd4j.createFromArray(0.0, 0.0))).value();
        assertEquals(0.0, lp.getDouble(0), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, d.logDensity(Var.constant(Nd4j.createFromArray(1.0, 0.0))).value()
                .getDouble(0));
        INDArray g = Grad.grad(d.logDensity(Var.constant(Nd4j.createFromArray(0.0, 3.0))).sum(), p).get(p);
        // d/dp [k log(1-p) + log p] = -k/(1-p) + 1/p: 1 at (p=1, k=0), -6 + 2 at (p=1/2, k=3)
        assertExact(Nd4j.createFromArray(1.0, -4.0), g);
        INDArray s = Geometric.ofProbs(Var.constant(Nd4j.ones(DataType.DOUBLE, 1000))).sample(Rng.of(2)).value();
        for (double v : s.toDoubleVector()) {
            assertEquals(0L, Double.doubleToRawLongBits(v), "every draw is +0.0, got " + v);
        }
    }

    @Test
    void nonIntegerAndInfiniteValuesAreOutsideTheSupportAndNaNPropagates() {
        Geometric d = Geometric.ofProbs(Var.constant(parameters().get(0)));
        INDArray lp = d.logDensity(Var.constant(Nd4j.createFromArray(0.5, Double.POSITIVE_INFINITY, Double.NaN))).value();
        for (int i = 0; i < 2; i++) {
            assertEquals(Double.NEGATIVE_INFINITY, lp.getDouble(i), "element " + i);
        }
        assertEquals(Double.NaN, lp.getDouble(2), "element 2: a NaN value scores NaN");
        try (Validation strict = Validation.strict()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> d.logDensity(Var.constant(Nd4j.createFromArray(1.0, Double.POSITIVE_INFINITY, 2.0))));
            assertTrue(e.getMessage().contains("Geometric") && e.getMessage().contains("element 1"), e.getMessage());
        }
    }

    @Test
    void samplesFollowTheProbabilitiesOfTheFirstValues() {
        double p = 0.3;
        int n = 40_000;
        INDArray x = Geometric.ofProbs(Var.constant(Nd4j.valueArrayOf(new long[] {n}, p, DataType.DOUBLE)))
                .sample(Rng.of(17)).value();
        GeometricDistribution ref = new GeometricDistribution(null, p);
        for (int k = 0; k < 6; k++) {
            double pk = ref.probability(k);
            double freq = x.eq((double) k).castTo(DataType.DOUBLE).meanNumber().doubleValue();
            assertEquals(pk, freq, 4 * Math.sqrt(pk * (1 - pk) / n), "k = " + k);
        }
        assertFalse(create(constants(parameters())).isEnumerable());
        assertThrows(IllegalStateException.class, () -> create(constants(parameters())).support());
        assertTrue(x.minNumber().doubleValue() >= 0);
    }

    @Test
    void meanAndVarianceAreClosedForm() {
        Distribution<Var> d = create(constants(parameters()));
        for (int i = 0; i < 3; i++) {
            AbstractIntegerDistribution ref = reference(theta(parameters(), i));
            assertEquals(ref.getNumericalMean(), d.mean().value().getDouble(i), 1e-12);
            assertEquals(ref.getNumericalVariance(), d.variance().value().getDouble(i), 1e-12);
        }
    }
}
