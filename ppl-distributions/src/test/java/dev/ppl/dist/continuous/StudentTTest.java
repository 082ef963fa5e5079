package dev.ppl.dist.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.ContinuousContract;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import java.util.List;
import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StudentTTest extends ContinuousContract {
    @Override protected String family() { return "StudentT"; }

    @Override
    protected List<INDArray> parameters() {
        // df >= 5: the x^2 pathwise estimator and the sample variance need finite fourth moments (df > 4)
        return List.of(Nd4j.createFromArray(5.0, 7.5, 12.0), Nd4j.createFromArray(0.0, -1.0, 2.0),
                Nd4j.createFromArray(1.0, 0.5, 2.0));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return StudentT.of(p.get(0), p.get(1), p.get(2));
    }

    @Override
    protected AbstractRealDistribution reference(double[][] t) {
        return new LocationScaleT(t[0][0], t[1][0], t[2][0]);
    }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(0.3, -4.0, 9.5);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        INDArray ones = Nd4j.createFromArray(1.0, 1, 1), zeros = Nd4j.createFromArray(0.0, 0, 0);
        return List.of(
                new InvalidCase("df", List.of(Nd4j.createFromArray(1.0, 0, 1), zeros, ones)),
                new InvalidCase("df", List.of(Nd4j.createFromArray(1.0, 1, Double.NaN), zeros, ones)),
                new InvalidCase("loc", List.of(ones, Nd4j.createFromArray(0.0, Double.POSITIVE_INFINITY, 0), ones)),
                new InvalidCase("scale", List.of(ones, zeros, Nd4j.createFromArray(1.0, -1, 1))));
    }

    @Override protected double outsideSupport() { return Double.NaN; }

    /** Commons Math's t distribution moved and scaled: density(x) = t.density((x - loc)/scale)/scale. */
    static final class LocationScaleT extends AbstractRealDistribution {
        private final TDistribution t;
        private final double loc;
        private final double scale;

        LocationScaleT(double df, double loc, double scale) {
            super(null);
            this.t = new TDistribution(null, df);
            this.loc = loc;
            this.scale = scale;
        }

        @Override public double density(double x) { return t.density((x - loc) / scale) / scale; }
        @Override public double logDensity(double x) { return t.logDensity((x - loc) / scale) - Math.log(scale); }
        @Override public double cumulativeProbability(double x) { return t.cumulativeProbability((x - loc) / scale); }
        @Override
        public double inverseCumulativeProbability(double p) {
            return loc + scale * t.inverseCumulativeProbability(p);
        }
        @Override public double getNumericalMean() { return t.getDegreesOfFreedom() > 1 ? loc : Double.NaN; }
        @Override public double getNumericalVariance() { return scale * scale * t.getNumericalVariance(); }
        @Override public double getSupportLowerBound() { return Double.NEGATIVE_INFINITY; }
        @Override public double getSupportUpperBound() { return Double.POSITIVE_INFINITY; }
        @Override public boolean isSupportLowerBoundInclusive() { return false; }
        @Override public boolean isSupportUpperBoundInclusive() { return false; }
        @Override public boolean isSupportConnected() { return true; }
    }

    @Test
    void noiseIsNormalAndGammaDrawsStackedAndReplayReproducesTheDraw() {
        StudentT d = StudentT.of(Var.constant(Nd4j.createFromArray(3.0, 10.0)),
                Var.constant(Nd4j.createFromArray(1.0, -2.0)), Var.constant(Nd4j.createFromArray(2.0, 0.5)));
        ReparamSample<Var> s = d.reparamSample(Rng.of(8));
        INDArray z = s.noise().getRow(0), g = s.noise().getRow(1);
        INDArray expected = z.mul(d.scale().value()).muli(org.nd4j.linalg.ops.transforms.Transforms.sqrt(
                d.df().value().mul(0.5).divi(g), false)).addi(d.loc().value());
        assertEquals(expected, s.value().value());
        assertEquals(s.value().value(), d.reparam(s.noise()).value());
        assertEquals(s.value().value(), d.sample(Rng.of(8)).value());
        assertThrows(IllegalArgumentException.class, () -> d.reparam(Nd4j.ones(2)));
    }

    @Test
    void momentsAreNaNOrInfiniteWhereTheyDoNotExistAndGradientsStayFinite() {
        Var df = Var.param(Nd4j.createFromArray(0.5, 1.5, 4.0));
        Var loc = Var.param(Nd4j.createFromArray(1.0, 2.0, 3.0));
        Var scale = Var.param(Nd4j.createFromArray(2.0, 2.0, 2.0));
        StudentT d = StudentT.of(df, loc, scale);
        INDArray mean = d.mean().value(), var = d.variance().value();
        assertTrue(Double.isNaN(mean.getDouble(0)));
        assertEquals(2.0, mean.getDouble(1));
        assertTrue(Double.isNaN(var.getDouble(0)));
        assertEquals(Double.POSITIVE_INFINITY, var.getDouble(1));
        assertEquals(4.0 * 4.0 / 2.0, var.getDouble(2), 1e-12);
        var grads = Grad.grad(d.variance().slice(0, 2, 3).sum(), df, scale);
        assertEquals(0.0, grads.get(df).getDouble(1));
        assertEquals(-4.0 * 2 / 4.0, grads.get(df).getDouble(2), 1e-12); // d/dnu s^2 nu/(nu-2) = -2 s^2/(nu-2)^2
        assertTrue(!grads.get(scale).isNaN().any());
    }

    @Test
    void float32DrawsAndGradients() {
        Var df = Var.param(Nd4j.createFromArray(5f, 30f));
        Var x = StudentT.of(df, Var.constant(Nd4j.createFromArray(0f, 1f)), Var.constant(Nd4j.createFromArray(1f, 3f)))
                .reparamSample(Rng.of(2)).value();
        assertEquals(DataType.FLOAT, x.dtype());
        INDArray g = Grad.grad(x.square().sum(), df).get(df);
        assertEquals(DataType.FLOAT, g.dataType());
        assertTrue(!g.isNaN().any());
    }
}
