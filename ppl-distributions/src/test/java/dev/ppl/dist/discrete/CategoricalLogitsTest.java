package dev.ppl.dist.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.DiscreteContract;
import dev.ppl.dist.Distribution;
import java.util.List;
import org.apache.commons.math3.distribution.AbstractIntegerDistribution;
import org.apache.commons.math3.distribution.EnumeratedIntegerDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Categorical parameterized by logits. */
class CategoricalLogitsTest extends DiscreteContract {
    @Override protected String family() { return "Categorical"; }

    @Override
    protected List<INDArray> parameters() {
        return List.of(Nd4j.createFromArray(new double[][] {
            {0.0, 1.0, -1.0, 2.0}, {-3.0, 0.5, 0.5, 4.0}, {10.0, 10.0, 10.0, 10.0}}));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Categorical.ofLogits(p.get(0));
    }

    /** softmax of the row, computed in plain doubles. */
    static double[] softmax(double[] l) {
        double max = Double.NEGATIVE_INFINITY, total = 0;
        for (double v : l) {
            max = Math.max(max, v);
        }
        double[] p = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            p[i] = Math.exp(l[i] - max);
            total += p[i];
        }
        for (int i = 0; i < l.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    @Override
    protected AbstractIntegerDistribution reference(double[][] t) {
        return new EnumeratedIntegerDistribution(null, CategoricalTest.CATEGORIES, softmax(t[0]));
    }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(2.0, 0.0, 3.0);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        return List.of(
                new InvalidCase("logits", List.of(Nd4j.createFromArray(new double[][] {{0, 1}, {Double.NEGATIVE_INFINITY, 0}}))),
                new InvalidCase("logits", List.of(Nd4j.createFromArray(new double[][] {{0, Double.NaN}, {1, 0}}))),
                new InvalidCase("logits", List.of(Nd4j.createFromArray(new double[0]).reshape(1, 0))));
    }

    @Override protected double outsideSupport() { return 0.5; }

    @Test
    void logDensityIsInvariantToShiftingTheLogitsAndProbsAreTheSoftmax() {
        INDArray l = parameters().get(0);
        Categorical a = Categorical.ofLogits(Var.constant(l));
        Categorical b = Categorical.ofLogits(Var.constant(l.add(123.0)));
        INDArray x = valuesInSupport();
        INDArray la = a.logDensity(Var.constant(x)).value(), lb = b.logDensity(Var.constant(x)).value();
        for (int i = 0; i < 3; i++) {
            assertEquals(la.getDouble(i), lb.getDouble(i), 1e-12);
            double[] p = softmax(l.getRow(i).toDoubleVector());
            for (int k = 0; k < 4; k++) {
                assertEquals(p[k], a.probs().value().getDouble(i, k), 1e-15);
            }
        }
    }
}
