package dev.ppl.dist.discrete;

import static dev.ppl.dist.ExactArrays.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.DiscreteContract;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import java.util.List;
import org.apache.commons.math3.distribution.AbstractIntegerDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binomial parameterized by probabilities with one totalCount (10) for the batch, so that the
 * contract's finite differences perturb only the probabilities; batch-varying counts and count
 * validation are tested by hand below. The logits form is {@link BinomialLogitsTest}.
 */
class BinomialTest extends DiscreteContract {
    static final double N = 10;

    @Override protected String family() { return "Binomial"; }

    @Override
    protected List<INDArray> parameters() {
        return List.of(Nd4j.createFromArray(0.2, 0.5, 0.93));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Binomial.ofProbs(Var.scalar(N, p.get(0).dtype()), p.get(0));
    }

    @Override
    protected AbstractIntegerDistribution reference(double[][] t) {
        return new BinomialDistribution(null, (int) N, t[0][0]);
    }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(3.0, 0.0, 10.0);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        return List.of(new InvalidCase("probs", List.of(Nd4j.createFromArray(0.2, 1.5, 0.3))),
                new InvalidCase("probs", List.of(Nd4j.createFromArray(0.2, Double.NaN, 0.3))),
                new InvalidCase("probs", List.of(Nd4j.createFromArray(-0.1, 0.5, 0.3))));
    }

    @Override protected double outsideSupport() { return 11.0; }

    @Test
    void invalidTotalCountsAreRejectedNamingTheParameterAndElement() {
        Var p = Var.constant(Nd4j.createFromArray(0.5, 0.5, 0.5));
        for (double bad : new double[] {-1.0, 2.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            Var n = Var.constant(Nd4j.createFromArray(3.0, bad, 4.0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Binomial.ofProbs(n, p));
            assertTrue(e.getMessage().contains("Binomial") && e.getMessage().contains("'totalCount'")
                    && e.getMessage().contains("element 1"), e.getMessage());
        }
    }

    @Test
    void batchVaryingCountsScoreAndSampleCorrectly() {
        double[] n = {0, 3, 25};
        double[] p = {0.4, 0.999, 0.3};
        Binomial d = Binomial.ofProbs(Var.constant(Nd4j.createFromArray(n)), Var.constant(Nd4j.createFromArray(p)));
        assertFalse(d.isEnumerable());
        assertThrows(IllegalStateException.class, d::support);
        INDArray values = Nd4j.arange(0, 27).castTo(DataType.DOUBLE).reshape(27, 1);
        INDArray lp = d.logDensity(Var.constant(values)).value();
        assertArrayEquals(new long[] {27, 3}, lp.shape());
        for (int i = 0; i < 3; i++) {
            BinomialDistribution ref = new BinomialDistribution(null, (int) n[i], p[i]);
            for (int k = 0; k < 27; k++) {
                double r = ref.logProbability(k);
                if (Double.isInfinite(r)) {
                    assertEquals(r, lp.getDouble(k, i), "k=" + k + " element " + i);
                } else {
                    assertEquals(r, lp.getDouble(k, i), 1e-9 * (1 + Math.abs(r)), "k=" + k + " element " + i);
                }
            }
        }
        int draws = 20_000;
        INDArray nn = repeat(Nd4j.createFromArray(n), draws), pp = repeat(Nd4j.createFromArray(p), draws);
        INDArray x = Binomial.ofProbs(Var.constant(nn), Var.constant(pp)).sample(Rng.of(8)).value();
        for (int i = 0; i < 3; i++) {
            INDArray col = x.getColumn(i);
            assertTrue(col.maxNumber().doubleValue() <= n[i], "element " + i + " exceeds its count");
            double mean = n[i] * p[i], se = Math.sqrt(n[i] * p[i] * (1 - p[i]) / draws);
            assertEquals(mean, col.meanNumber().doubleValue(), 4 * se + 1e-12, "element " + i);
        }
    }

    @Test
    void chunkedDrawsCoverEveryTrialWithIndependentChunks() {
        // 10 trials in chunks of 3 (4 chunks, the last partial): mean and variance of the binomial
        double n = 10, p = 0.35;
        int draws = 20_000;
        Binomial d = Binomial.ofProbs(Var.scalar(n, DataType.DOUBLE), Var.constant(Nd4j.valueArrayOf(new long[] {draws},
                p, DataType.DOUBLE)));
        INDArray x = d.sample(Rng.of(12), 3).value();
        double mean = x.meanNumber().doubleValue();
        INDArray sq = x.sub(mean).muli(x.sub(mean));
        double var = n * p * (1 - p);
        assertEquals(n * p, mean, 4 * Math.sqrt(var / draws));
        assertEquals(var, sq.meanNumber().doubleValue(), 4 * Math.sqrt(sq.varNumber().doubleValue() / draws));
    }

    @Test
    void boundaryProbabilitiesGiveExactPointMassesAndFiniteGradients() {
        Var p = Var.param(Nd4j.createFromArray(0.0, 1.0, 0.5));
        Binomial d = Binomial.ofProbs(Var.scalar(4, p.dtype()), p);
        INDArray lp = d.logDensity(Var.constant(Nd4j.createFromArray(0.0, 4.0, 2.0))).value();
        assertEquals(0.0, lp.getDouble(0), 0.0);
        assertEquals(0.0, lp.getDouble(1), 0.0);
        INDArray g = Grad.grad(d.logDensity(Var.constant(Nd4j.createFromArray(0.0, 4.0, 2.0))).sum(), p).get(p);
        // d/dp [k log p + (n-k) log(1-p)] = k/p - (n-k)/(1-p): -4, 4 and 0
        assertExact(Nd4j.createFromArray(-4.0, 4.0, 0.0), g);
        INDArray impossible = d.logDensity(Var.constant(Nd4j.createFromArray(1.0, 3.0, 2.0))).value();
        assertEquals(Double.NEGATIVE_INFINITY, impossible.getDouble(0));
        assertEquals(Double.NEGATIVE_INFINITY, impossible.getDouble(1));
        INDArray s = d.sample(Rng.of(4)).value();
        assertEquals(0.0, s.getDouble(0), 0.0);
        assertEquals(4.0, s.getDouble(1), 0.0);
    }

    @Test
    void enumerationMeanVarianceAndZeroTrials() {
        Binomial d = (Binomial) create(constants(parameters()));
        assertTrue(d.isEnumerable());
        assertArrayEquals(new long[] {11, 3}, d.support().shape());
        for (int i = 0; i < 3; i++) {
            double p = parameters().get(0).getDouble(i);
            assertEquals(N * p, d.mean().value().getDouble(i), 1e-12);
            assertEquals(N * p * (1 - p), d.variance().value().getDouble(i), 1e-12);
        }
        Binomial zero = Binomial.ofProbs(Var.scalar(0, d.probs().dtype()), Var.constant(parameters().get(0)));
        assertExact(Nd4j.zeros(DataType.DOUBLE, 3), zero.sample(Rng.of(1)).value());
        assertArrayEquals(new long[] {1, 3}, zero.support().shape());
        assertEquals(0.0, zero.logDensity(Var.constant(Nd4j.zeros(DataType.DOUBLE, 3))).value().sumNumber().doubleValue(), 0.0);
    }
}
