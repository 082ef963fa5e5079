package dev.ppl.dist.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.ContinuousContract;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import java.util.List;
import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.apache.commons.math3.distribution.LaplaceDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LaplaceTest extends ContinuousContract {
    @Override protected String family() { return "Laplace"; }

    @Override
    protected List<INDArray> parameters() {
        return List.of(Nd4j.createFromArray(0.0, -1.5, 3.0), Nd4j.createFromArray(1.0, 0.5, 2.0));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Laplace.of(p.get(0), p.get(1));
    }

    @Override
    protected AbstractRealDistribution reference(double[][] t) {
        return new LaplaceDistribution(null, t[0][0], t[1][0]);
    }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(0.3, -2.0, 5.5);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        return List.of(
                new InvalidCase("scale", List.of(Nd4j.createFromArray(0.0, 0, 0), Nd4j.createFromArray(1.0, -1, 1))),
                new InvalidCase("scale", List.of(Nd4j.createFromArray(0.0, 0, 0), Nd4j.createFromArray(1.0, 0, 1))),
                new InvalidCase("loc", List.of(Nd4j.createFromArray(0.0, Double.NaN, 0), Nd4j.createFromArray(1.0, 1, 1))));
    }

    @Override protected double outsideSupport() { return Double.NaN; }

    @Test
    void meanAndVarianceMatchTheReference() {
        Distribution<Var> d = create(constants(parameters()));
        INDArray mean = d.mean().value(), variance = d.variance().value();
        for (int i = 0; i < batchSize(); i++) {
            AbstractRealDistribution ref = reference(theta(parameters(), i));
            assertEquals(ref.getNumericalMean(), mean.getDouble(i), 1e-12 * (1 + Math.abs(ref.getNumericalMean())));
            assertEquals(ref.getNumericalVariance(), variance.getDouble(i), 1e-12 * (1 + ref.getNumericalVariance()));
        }
    }

    @Test
    void replayingTheNoiseReproducesTheDraw() {
        Distribution<Var> d = create(constants(parameters()));
        ReparamSample<Var> draw = d.reparamSample(Rng.of(5));
        assertEquals(draw.value().value(), d.reparam(draw.noise()).value());
        assertEquals(draw.value().value(), d.sample(Rng.of(5)).value());
    }
}
