package dev.ppl.dist.continuous;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.ContinuousContract;
import dev.ppl.dist.Distribution;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NormalTest extends ContinuousContract {
    @Override protected String family() { return "Normal"; }

    @Override
    protected List<INDArray> parameters() {
        return List.of(Nd4j.createFromArray(0.0, -1.5, 3.0), Nd4j.createFromArray(1.0, 0.5, 2.0));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Normal.of(p.get(0), p.get(1));
    }

    @Override
    protected AbstractRealDistribution reference(double[][] t) {
        return new NormalDistribution(null, t[0][0], t[1][0]);
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

    /** Finite parameters whose |x| sum overflows float32 pass the finiteness check (no false alarm). */
    @org.junit.jupiter.api.Test
    void hugeFiniteParametersAreAccepted() {
        Var loc = Var.constant(Nd4j.createFromArray(3e38f, 3e38f, -3e38f));
        Var scale = Var.constant(Nd4j.createFromArray(1f, 1f, 1f));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {3}, Normal.of(loc, scale).batchShape());
    }
}
