package dev.ppl.dist.howto;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.ContinuousContract;
import dev.ppl.dist.Distribution;
import java.util.List;
import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.apache.commons.math3.distribution.GumbelDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The how-to's user-written family passes the same contract as the library's families. */
class GumbelTest extends ContinuousContract {
    @Override protected String family() { return "Gumbel"; }

    @Override
    protected List<INDArray> parameters() {
        return List.of(Nd4j.createFromArray(0.0, 2.0, -1.0), Nd4j.createFromArray(1.0, 0.5, 3.0));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Gumbel.of(p.get(0), p.get(1));
    }

    @Override
    protected AbstractRealDistribution reference(double[][] t) {
        return new GumbelDistribution(null, t[0][0], t[1][0]);
    }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(0.5, 1.0, 4.0);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        return List.of(new InvalidCase("scale", List.of(Nd4j.createFromArray(0.0, 0, 0), Nd4j.createFromArray(1.0, 0, 1))));
    }

    @Override protected double outsideSupport() { return Double.NaN; }
}
