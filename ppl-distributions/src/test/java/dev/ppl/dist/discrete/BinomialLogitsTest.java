package dev.ppl.dist.discrete;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.DiscreteContract;
import dev.ppl.dist.Distribution;
import java.util.List;
import org.apache.commons.math3.distribution.AbstractIntegerDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Binomial parameterized by logits, with one totalCount (7) for the batch. */
class BinomialLogitsTest extends DiscreteContract {
    @Override protected String family() { return "Binomial"; }

    @Override
    protected List<INDArray> parameters() {
        return List.of(Nd4j.createFromArray(-2.0, 0.3, 4.0));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Binomial.ofLogits(Var.scalar(7, p.get(0).dtype()), p.get(0));
    }

    @Override
    protected AbstractIntegerDistribution reference(double[][] t) {
        return new BinomialDistribution(null, 7, 1 / (1 + Math.exp(-t[0][0])));
    }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(1.0, 4.0, 7.0);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        return List.of(new InvalidCase("logits", List.of(Nd4j.createFromArray(0.2, Double.NEGATIVE_INFINITY, 0.3))));
    }

    @Override protected double outsideSupport() { return 2.5; }
}
