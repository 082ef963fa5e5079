package dev.ppl.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The contract every scalar-valued family passes (one subclass per family). Subclasses give the
 * family's parameters for a small batch (float64, leading axis = batch), a constructor, and a
 * reference (Apache Commons Math) per batch element; the tests here check the log density,
 * the sample moments (4 standard errors, fixed seed), reproducibility, parameter validation,
 * support handling and log-density gradients (finite differences in float64).
 */
public abstract class DistributionContract {
    /** Draws per batch element for moment tests. */
    protected static final int DRAWS = 20_000;

    /** The family's name as it appears in messages. */
    protected abstract String family();

    /** Valid parameters, float64, each with the batch as leading axis (e.g. shape [3] or [3, K]). */
    protected abstract List<INDArray> parameters();

    /** The distribution for {@code params} (same order as {@link #parameters()}). */
    protected abstract Distribution<Var> create(List<Var> params);

    /** Reference log density of batch element with parameters {@code theta} at {@code x}. */
    protected abstract double referenceLogDensity(double[][] theta, double x);

    /** Reference mean (NaN if undefined or infinite). */
    protected abstract double referenceMean(double[][] theta);

    /** Reference variance (NaN if undefined or infinite). */
    protected abstract double referenceVariance(double[][] theta);

    /** Values at which to compare log densities: shape = batch shape, inside the support. */
    protected abstract INDArray valuesInSupport();

    /**
     * Parameter lists each with exactly one invalid element; the message must name the parameter
     * given alongside (first element of each entry).
     */
    protected abstract List<InvalidCase> invalidParameters();

    /** A value outside the support, or NaN if the support is the whole real line. */
    protected abstract double outsideSupport();

    /** Whether the value is continuous (gradients with respect to the value are checked). */
    protected abstract boolean continuous();

    /** One invalid parameter set and the name of the offending parameter. */
    public record InvalidCase(String param, List<INDArray> params) {}

    // ----- helpers for subclasses and tests -----

    /** The parameters of batch element {@code i}: row {@code i} of each parameter. */
    protected static double[][] theta(List<INDArray> params, int i) {
        double[][] t = new double[params.size()][];
        for (int j = 0; j < params.size(); j++) {
            INDArray p = params.get(j);
            t[j] = p.rank() == 1 ? new double[] {p.getDouble(i)} : p.getRow(i).toDoubleVector();
        }
        return t;
    }

    /** Constant float64 Vars for arrays. */
    protected static List<Var> constants(List<INDArray> arrays) {
        List<Var> out = new ArrayList<>();
        for (INDArray a : arrays) {
            out.add(Var.constant(a));
        }
        return out;
    }

    /** {@code a} repeated {@code n} times along a new leading axis. */
    protected static INDArray repeat(INDArray a, int n) {
        long[] one = new long[a.rank() + 1];
        long[] many = new long[a.rank() + 1];
        one[0] = 1;
        many[0] = n;
        for (int d = 0; d < a.rank(); d++) {
            one[d + 1] = a.size(d);
            many[d + 1] = a.size(d);
        }
        return Shapes.broadcastTo(a.reshape(one), many).dup();
    }

    protected int batchSize() {
        return (int) parameters().get(0).size(0);
    }

    /** {@link #valuesInSupport()} with element 0 replaced by {@link #outsideSupport()}; null if the support is all reals. */
    private INDArray valuesWithTheFirstOutsideTheSupport() {
        double bad = outsideSupport();
        if (Double.isNaN(bad)) {
            return null;
        }
        INDArray x = valuesInSupport().dup();
        x.putScalar(0, bad);
        return x;
    }

    // ----- the contract -----

    @Test
    void logDensityMatchesTheReference() {
        List<INDArray> ps = parameters();
        INDArray x = valuesInSupport();
        INDArray lp = create(constants(ps)).logDensity(Var.constant(x)).value();
        for (int i = 0; i < batchSize(); i++) {
            double ref = referenceLogDensity(theta(ps, i), x.getDouble(i));
            assertEquals(ref, lp.getDouble(i), 1e-9 * (1 + Math.abs(ref)), family() + " batch element " + i);
        }
    }

    @Test
    void sampleMeanAndVarianceLieWithinFourStandardErrors() {
        List<INDArray> ps = parameters();
        List<INDArray> many = new ArrayList<>();
        for (INDArray p : ps) {
            many.add(repeat(p, DRAWS));
        }
        INDArray draws = create(constants(many)).sample(Rng.of(2024)).value();
        assertArrayEquals(new long[] {DRAWS, batchSize()}, draws.shape());
        for (int i = 0; i < batchSize(); i++) {
            double[][] th = theta(ps, i);
            double mean = referenceMean(th), var = referenceVariance(th);
            INDArray col = draws.getColumn(i).castTo(DataType.DOUBLE);
            double m = col.meanNumber().doubleValue();
            INDArray sq = col.sub(m).muli(col.sub(m));
            double v = sq.meanNumber().doubleValue();
            if (!Double.isNaN(mean)) {
                double se = Math.sqrt(v / DRAWS);
                assertEquals(mean, m, 4 * se + 1e-12, family() + " mean of batch element " + i);
            }
            if (!Double.isNaN(var)) {
                double seVar = Math.sqrt(sq.varNumber().doubleValue() / DRAWS);
                assertEquals(var, v, 4 * seVar + 1e-12, family() + " variance of batch element " + i);
            }
        }
    }

    @Test
    void sameKeyGivesSameDrawsAndOtherKeysDiffer() {
        Distribution<Var> d = create(constants(parameters()));
        Rng rng = Rng.of(7);
        ExactArrays.assertExact(d.sample(rng).value(), d.sample(rng).value());
        INDArray a = create(constants(parameters().stream().map(p -> repeat(p, 64)).toList())).sample(rng).value();
        INDArray b = create(constants(parameters().stream().map(p -> repeat(p, 64)).toList())).sample(rng.split()[1]).value();
        ExactArrays.assertDiffers(a, b);
    }

    @Test
    void invalidParametersAreRejectedNamingFamilyAndParameter() {
        for (InvalidCase c : invalidParameters()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(constants(c.params())),
                    family() + ": no error for invalid " + c.param());
            assertTrue(e.getMessage().contains(family()) && e.getMessage().contains("'" + c.param() + "'"),
                    e.getMessage());
        }
    }

    @Test
    void parametersOfIncompatibleShapesAreRejectedNamingTheFamilyAndTheShapes() {
        List<INDArray> ps = parameters();
        if (ps.size() < 2) {
            return; // one parameter: nothing to broadcast against
        }
        List<INDArray> bad = new ArrayList<>(ps);
        INDArray last = ps.get(ps.size() - 1);
        long[] shape = last.shape().clone();
        shape[0] += 1;
        bad.set(ps.size() - 1, org.nd4j.linalg.factory.Nd4j.createUninitialized(last.dataType(), shape).assign(last.getDouble(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(constants(bad)),
                family() + ": no error for parameter shapes " + Shapes.str(ps.get(0).shape()) + " and " + Shapes.str(shape));
        assertTrue(e.getMessage().contains(family()) && e.getMessage().contains(Shapes.str(shape)), e.getMessage());
    }

    @Test
    void valueOutsideTheSupportHasLogDensityMinusInfinityOrThrowsWhenStrict() {
        INDArray x = valuesWithTheFirstOutsideTheSupport();
        if (x == null) {
            return;
        }
        Distribution<Var> d = create(constants(parameters()));
        INDArray lp = d.logDensity(Var.constant(x)).value();
        assertEquals(Double.NEGATIVE_INFINITY, lp.getDouble(0));
        assertTrue(Double.isFinite(lp.getDouble(1)));
        try (Validation strict = Validation.strict()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.logDensity(Var.constant(x)));
            assertTrue(e.getMessage().contains(family()), e.getMessage());
        }
    }

    @Test
    void logDensityGradientsMatchFiniteDifferences() {
        List<INDArray> inputs = new ArrayList<>(parameters());
        boolean withValue = continuous();
        if (withValue) {
            inputs.add(valuesInSupport());
        }
        int np = parameters().size();
        INDArray fixedValue = valuesInSupport();
        GradCheck.verify(family() + " log density", v -> {
            Var x = withValue ? v.get(np) : Var.constant(fixedValue);
            return create(v.subList(0, np)).logDensity(x);
        }, inputs.toArray(new INDArray[0]));
    }

    @Test
    void logDensitySumEqualsTheSumOfLogDensitiesAndHasTheirGradients() {
        List<INDArray> ps = parameters();
        INDArray x = valuesInSupport();
        Distribution<Var> d = create(constants(ps));
        double expected = d.logDensity(Var.constant(x)).value().sumNumber().doubleValue();
        Var total = d.logDensitySum(Var.constant(x));
        assertEquals(0, total.rank(), family() + ": logDensitySum must be rank 0");
        assertEquals(expected, total.item(), 1e-12 * (1 + Math.abs(expected)), family() + " logDensitySum");
        List<INDArray> inputs = new ArrayList<>(ps);
        boolean withValue = continuous();
        if (withValue) {
            inputs.add(x);
        }
        int np = ps.size();
        // scaled by -1 and by 2.5: the fused kernels special-case a seed of +-1
        for (double c : new double[] {1.0, -1.0, 2.5}) {
            GradCheck.verify(family() + " logDensitySum x " + c, v -> {
                Var value = withValue ? v.get(np) : Var.constant(x);
                return create(v.subList(0, np)).logDensitySum(value).mul(c);
            }, inputs.toArray(new INDArray[0]));
        }
    }

    @Test
    void logDensitySumOutsideTheSupportIsMinusInfinityOrThrowsWhenStrict() {
        INDArray x = valuesWithTheFirstOutsideTheSupport();
        if (x == null) {
            return;
        }
        Distribution<Var> d = create(constants(parameters()));
        assertEquals(Double.NEGATIVE_INFINITY, d.logDensitySum(Var.constant(x)).item());
        try (Validation strict = Validation.strict()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.logDensitySum(Var.constant(x)));
            assertTrue(e.getMessage().contains(family()), e.getMessage());
        }
    }
}
