package dev.ppl.dist.discrete;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.DiscreteContract;
import dev.ppl.dist.Distribution;
import java.util.List;
import org.apache.commons.math3.distribution.AbstractIntegerDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bernoulli parameterized by probabilities (the logits form is {@link BernoulliLogitsTest}). */
class BernoulliTest extends DiscreteContract {
    @Override protected String family() { return "Bernoulli"; }

    @Override
    protected List<INDArray> parameters() {
        return List.of(Nd4j.createFromArray(0.2, 0.5, 0.9));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Bernoulli.ofProbs(p.get(0));
    }

    @Override
    protected AbstractIntegerDistribution reference(double[][] t) {
        return new BinomialDistribution(null, 1, t[0][0]);
    }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(1.0, 0.0, 1.0);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        return List.of(new InvalidCase("probs", List.of(Nd4j.createFromArray(0.2, 1.5, 0.3))),
                new InvalidCase("probs", List.of(Nd4j.createFromArray(0.2, Double.NaN, 0.3))),
                new InvalidCase("probs", List.of(Nd4j.createFromArray(-0.1, 0.5, 0.3))));
    }

    @Override protected double outsideSupport() { return 0.5; }

    @org.junit.jupiter.api.Test
    void logitsAreTheLogOddsWhetherGivenOrComputed() {
        dev.ppl.autodiff.Var p = dev.ppl.autodiff.Var.constant(Nd4j.createFromArray(0.2, 0.5, 0.9));
        double[] fromProbs = Bernoulli.ofProbs(p).logits().value().toDoubleVector();
        double[] expected = {Math.log(0.2 / 0.8), 0.0, Math.log(0.9 / 0.1)};
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, fromProbs, 1e-12);
        dev.ppl.autodiff.Var l = dev.ppl.autodiff.Var.constant(Nd4j.createFromArray(expected));
        org.junit.jupiter.api.Assertions.assertSame(l, Bernoulli.ofLogits(l).logits());
    }
}
