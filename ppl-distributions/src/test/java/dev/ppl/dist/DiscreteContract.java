package dev.ppl.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Var;
import java.util.List;
import org.apache.commons.math3.distribution.AbstractIntegerDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract of scalar discrete families (values are non-negative integers stored in the
 * parameters' floating-point type), with a Commons Math reference per batch element: the
 * probabilities sum to one, enumeration (where supported) lists exactly the support, and the
 * shared {@link DistributionContract} checks.
 */
public abstract class DiscreteContract extends DistributionContract {
    /** The reference distribution for batch-element parameters {@code theta}. */
    protected abstract AbstractIntegerDistribution reference(double[][] theta);

    @Override
    protected double referenceLogDensity(double[][] theta, double x) {
        return reference(theta).logProbability((int) x);
    }

    @Override
    protected double referenceMean(double[][] theta) {
        return reference(theta).getNumericalMean();
    }

    @Override
    protected double referenceVariance(double[][] theta) {
        return reference(theta).getNumericalVariance();
    }

    @Override
    protected boolean continuous() {
        return false;
    }

    @Test
    void probabilitiesSumToOneAndMatchTheReferenceOnTheWholeRange() {
        List<INDArray> ps = parameters();
        int n = batchSize();
        int top = 0;
        for (int i = 0; i < n; i++) {
            top = Math.max(top, reference(theta(ps, i)).inverseCumulativeProbability(1 - 1e-13));
        }
        int k = top + 1;
        INDArray values = Nd4j.arange(0, k).castTo(DataType.DOUBLE).reshape(k, 1).repeat(1, n);
        INDArray lp = create(constants(ps)).logDensity(Var.constant(values)).value();
        assertArrayEquals(new long[] {k, n}, lp.shape());
        for (int i = 0; i < n; i++) {
            double[][] th = theta(ps, i);
            double total = 0;
            for (int v = 0; v < k; v++) {
                double got = lp.getDouble(v, i);
                double ref = referenceLogDensity(th, v);
                if (Double.isInfinite(ref)) {
                    assertEquals(ref, got, family() + " value " + v + " batch " + i);
                } else {
                    assertEquals(ref, got, 1e-9 * (1 + Math.abs(ref)), family() + " value " + v + " batch " + i);
                }
                total += Math.exp(got);
            }
            assertEquals(1.0, total, 1e-9, family() + " batch element " + i);
        }
    }

    @Test
    void enumerationListsTheSupportWithTotalProbabilityOne() {
        Distribution<Var> d = create(constants(parameters()));
        if (!d.isEnumerable()) {
            return;
        }
        Var support = d.support();
        INDArray p = dev.ppl.autodiff.ops.Unary.exp(d.logDensity(support)).value();
        long k = support.shape()[0];
        assertEquals(batchSize(), support.shape()[1]);
        INDArray total = p.sum(0);
        for (int i = 0; i < batchSize(); i++) {
            assertEquals(1.0, total.getDouble(i), 1e-9, family() + " batch element " + i);
            for (int v = 0; v < k; v++) {
                assertEquals(v, support.value().getDouble(v, i), 0.0, "support values are 0..K-1 in order");
            }
        }
    }
}
