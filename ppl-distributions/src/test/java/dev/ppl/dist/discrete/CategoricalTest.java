package dev.ppl.dist.discrete;

import static dev.ppl.dist.ExactArrays.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.DiscreteContract;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import java.util.List;
import org.apache.commons.math3.distribution.AbstractIntegerDistribution;
import org.apache.commons.math3.distribution.EnumeratedIntegerDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Categorical parameterized by probabilities (the logits form is {@link CategoricalLogitsTest}). */
class CategoricalTest extends DiscreteContract {
    static final int[] CATEGORIES = {0, 1, 2, 3};

    @Override protected String family() { return "Categorical"; }

    @Override
    protected List<INDArray> parameters() {
        return List.of(Nd4j.createFromArray(new double[][] {
            {0.1, 0.2, 0.3, 0.4}, {0.7, 0.05, 0.05, 0.2}, {0.25, 0.25, 0.25, 0.25}}));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Categorical.ofProbs(p.get(0));
    }

    @Override
    protected AbstractIntegerDistribution reference(double[][] t) {
        return new EnumeratedIntegerDistribution(null, CATEGORIES, t[0]);
    }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(3.0, 1.0, 0.0);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        return List.of(
                new InvalidCase("probs", List.of(Nd4j.createFromArray(new double[][] {{0.5, 0.5}, {1.5, -0.5}}))),
                new InvalidCase("probs", List.of(Nd4j.createFromArray(new double[][] {{0.5, 0.5}, {Double.NaN, 0.5}}))),
                new InvalidCase("probs", List.of(Nd4j.createFromArray(new double[][] {{0.5, 0.5}, {0.5, 0.4}}))),
                new InvalidCase("probs", List.of(Nd4j.createFromArray(new double[][] {{0.5, 0.5}, {0.5, 0.500002}}))),
                new InvalidCase("probs", List.of(Nd4j.scalar(1.0))));
    }

    @Override protected double outsideSupport() { return 4.0; }

    @Test
    void rowSumErrorNamesTheRow() {
        INDArray p = Nd4j.createFromArray(new double[][] {{0.5, 0.5}, {0.5, 0.5}, {0.2, 0.2}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Categorical.ofProbs(Var.constant(p)));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("0.4"), e.getMessage());
    }

    @Test
    void zeroProbabilityCategoriesScoreMinusInfinityWithoutNanGradients() {
        Var probs = Var.param(Nd4j.createFromArray(new double[][] {{0.5, 0.0, 0.5}, {0.0, 1.0, 0.0}}));
        Categorical d = Categorical.ofProbs(probs);
        INDArray lp = d.logDensity(Var.constant(Nd4j.createFromArray(1.0, 1.0))).value();
        assertEquals(Double.NEGATIVE_INFINITY, lp.getDouble(0));
        assertEquals(0.0, lp.getDouble(1), 0.0);
        // gradient of log p(x = [0, 1]): 1/p at the picked entries, zero elsewhere, no NaN
        Var score = d.logDensity(Var.constant(Nd4j.createFromArray(0.0, 1.0))).sum();
        INDArray g = Grad.grad(score, probs).get(probs);
        assertExact(Nd4j.createFromArray(new double[][] {{2.0, 0, 0}, {0, 1.0, 0}}), g);
        // Gumbel-max never draws a zero-probability category
        INDArray many = Categorical.ofProbs(Var.constant(Nd4j.createFromArray(0.5, 0.0, 0.5))).sample(Rng.of(1))
                .value();
        assertEquals(0, many.rank());
        Var rep = Var.constant(Nd4j.createFromArray(new double[] {0.5, 0.0, 0.5}).reshape(1, 3).repeat(0, 5000));
        INDArray draws = Categorical.ofProbs(rep).sample(Rng.of(3)).value();
        assertEquals(0, draws.eq(1.0).castTo(DataType.DOUBLE).sumNumber().doubleValue());
    }

    @Test
    void nonIntegerAndNegativeValuesAreOutsideTheSupportAndNaNPropagates() {
        Categorical d = Categorical.ofProbs(Var.constant(parameters().get(0)));
        INDArray lp = d.logDensity(Var.constant(Nd4j.createFromArray(1.5, -1.0, Double.NaN))).value();
        for (int i = 0; i < 2; i++) {
            assertEquals(Double.NEGATIVE_INFINITY, lp.getDouble(i), "element " + i);
        }
        assertEquals(Double.NaN, lp.getDouble(2), "element 2: a NaN value is no category, and scores NaN");
    }

    @Test
    void valuesWithExtraLeadingAxesBroadcastAgainstTheBatch() {
        INDArray p = parameters().get(0);
        Categorical d = Categorical.ofProbs(Var.constant(p));
        // [2, 1] against batch [3] gives [2, 3]
        INDArray lp = d.logDensity(Var.constant(Nd4j.createFromArray(new double[][] {{2.0}, {0.0}}))).value();
        assertArrayEquals(new long[] {2, 3}, lp.shape());
        for (int i = 0; i < 3; i++) {
            assertEquals(Math.log(p.getDouble(i, 2)), lp.getDouble(0, i), 1e-12);
            assertEquals(Math.log(p.getDouble(i, 0)), lp.getDouble(1, i), 1e-12);
        }
        // a scalar value against the batch, and a single distribution (batch []) against a vector
        assertArrayEquals(new long[] {3}, d.logDensity(Var.constant(Nd4j.scalar(1.0))).shape());
        Categorical single = Categorical.ofProbs(Var.constant(p.getRow(0).dup()));
        assertArrayEquals(new long[0], single.batchShape());
        INDArray v = single.logDensity(Var.constant(Nd4j.createFromArray(0.0, 3.0))).value();
        assertEquals(Math.log(0.1), v.getDouble(0), 1e-12);
        assertEquals(Math.log(0.4), v.getDouble(1), 1e-12);
        assertEquals(0, single.logDensity(Var.constant(Nd4j.scalar(2.0))).rank());
        assertArrayEquals(new long[] {4}, single.support().shape());
    }

    @Test
    void gumbelMaxFrequenciesMatchTheProbabilitiesWithinFourStandardErrors() {
        INDArray p = parameters().get(0);
        int n = 20_000;
        INDArray draws = Categorical.ofProbs(Var.constant(repeat(p, n))).sample(Rng.of(11)).value();
        for (int i = 0; i < 3; i++) {
            INDArray col = draws.getColumn(i);
            for (int k = 0; k < 4; k++) {
                double pk = p.getDouble(i, k);
                double freq = col.eq((double) k).castTo(DataType.DOUBLE).meanNumber().doubleValue();
                assertEquals(pk, freq, 4 * Math.sqrt(pk * (1 - pk) / n), "row " + i + " category " + k);
            }
        }
    }

    @Test
    void meanVarianceAndFloat32() {
        Categorical d = Categorical.ofProbs(Var.constant(parameters().get(0)));
        for (int i = 0; i < 3; i++) {
            AbstractIntegerDistribution ref = reference(theta(parameters(), i));
            assertEquals(ref.getNumericalMean(), d.mean().value().getDouble(i), 1e-12);
            assertEquals(ref.getNumericalVariance(), d.variance().value().getDouble(i), 1e-12);
        }
        Categorical f = Categorical.ofProbs(Var.constant(parameters().get(0).castTo(DataType.FLOAT)));
        Var s = f.sample(Rng.of(5));
        assertEquals(DataType.FLOAT, s.dtype());
        assertEquals(DataType.FLOAT, f.logDensity(s).dtype());
        assertEquals(DataType.FLOAT, f.support().dtype());
        // float32 softmax outputs over many categories are accepted despite the rounding of their sums
        INDArray wide = Rng.of(6).normal(DataType.FLOAT, 8, 3000);
        Var wideProbs = Var.constant(wide).softmax(-1);
        double worst = wideProbs.value().castTo(DataType.DOUBLE).sum(-1).subi(1.0).amaxNumber().doubleValue();
        assertTrue(worst > 1e-6, "the rounding error this case exercises: " + worst);
        assertEquals(3000, Categorical.ofProbs(wideProbs).numCategories());
    }
}
