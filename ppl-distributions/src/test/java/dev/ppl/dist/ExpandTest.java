package dev.ppl.dist;

import static dev.ppl.dist.ExpandCases.c;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.ExpandCases.Case;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.continuous.RelaxedBernoulli;
import dev.ppl.dist.continuous.RelaxedCategorical;
import dev.ppl.dist.discrete.Bernoulli;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Distribution#expand} for every family ({@link ExpandCases}) and for {@link Independent}:
 * shapes, independent draws, log densities equal to the original's under broadcasting, gradients
 * summed back to the unexpanded parameters, and errors for targets that are not broadcasts.
 */
class ExpandTest {
    private static final long[] TARGET = {3, 2};

    static List<Case> cases() {
        return ExpandCases.all();
    }

    private static long[] valueShape(long[] batch, Distribution<Var> d) {
        return Expansion.concat(batch, d.eventShape());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theExpandedBatchShapeHasTheSameEventAndItsOwnValueShape(Case c) {
        Distribution<Var> d = c.dist().get();
        Distribution<Var> e = d.expand(TARGET);
        assertArrayEquals(TARGET, e.batchShape(), c.label());
        assertArrayEquals(d.eventShape(), e.eventShape(), c.label());
        assertEquals(d.name(), e.name());
        assertArrayEquals(valueShape(TARGET, d), e.sample(Rng.of(1)).shape(), c.label() + " sample shape");
        assertSame(d, d.expand(d.batchShape()), c.label() + ": expanding to the batch shape is the identity");
        assertSame(e, e.expand(TARGET.clone()), c.label());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void drawsAlongTheNewDimAreIndependent(Case c) {
        if (c.deterministic()) {
            return;
        }
        long rows = c.discrete() ? 50 : 3;
        Distribution<Var> d = c.dist().get();
        INDArray draws = d.expand(new long[] {rows, 2}).sample(Rng.of(7)).value();
        INDArray flat = draws.reshape('c', rows, draws.length() / rows);
        boolean differs = false;
        for (long i = 1; i < rows && !differs; i++) {
            differs = !flat.getRow(i).equals(flat.getRow(0));
        }
        assertTrue(differs, c.label() + ": every row of the expanded draws equals row 0:\n" + draws);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theLogDensityIsTheOriginalsBroadcastToTheNewBatch(Case c) {
        Distribution<Var> d = c.dist().get();
        Distribution<Var> e = d.expand(TARGET);
        Var x = e.sample(Rng.of(3));
        Var expanded = e.logDensity(x);
        assertArrayEquals(TARGET, expanded.shape(), c.label());
        double[] got = expanded.value().reshape(expanded.length()).toDoubleVector();
        Var original = d.logDensity(x);
        assertArrayEquals(TARGET, original.shape(), c.label());
        double[] want = original.value().reshape(original.length()).toDoubleVector();
        double total = 0;
        for (int i = 0; i < want.length; i++) {
            assertTrue(Double.isFinite(want[i]), c.label() + ": a draw outside the support");
            assertEquals(want[i], got[i], 1e-12, c.label() + " element " + i);
            total += want[i];
        }
        assertEquals(total, e.logDensitySum(x).item(), 1e-11 * (1 + Math.abs(total)), c.label() + " logDensitySum");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reparameterizedDrawsOfTheExpandedDistributionHaveTheExpandedShapeAndReplay(Case c) {
        Distribution<Var> e = c.dist().get().expand(TARGET);
        if (!e.hasReparam()) {
            return;
        }
        ReparamSample<Var> r = e.reparamSample(Rng.of(11));
        assertArrayEquals(valueShape(TARGET, e), r.value().shape(), c.label());
        assertTrue(r.value().value().equalsWithEps(e.reparam(r.noise()).value(), 0.0), c.label() + " replay");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aTargetThatIsNotABroadcastOfTheBatchIsAnErrorNamingTheFamilyAndBothShapes(Case c) {
        Distribution<Var> d = c.dist().get();
        long[] batch = d.batchShape();
        long[][] bad = batch.length == 0 ? new long[][] {{-1}, {3, -2}} : new long[][] {{3}, {2, 3}, {}};
        for (long[] target : bad) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> d.expand(target),
                    c.label() + " to " + Shapes.str(target));
            String m = ex.getMessage();
            assertTrue(m.contains(d.name()) && m.contains(Shapes.str(batch)) && m.contains(Shapes.str(target)), m);
        }
    }

    @Test
    void normalGradientsAreSummedBackToTheUnexpandedParameters() {
        INDArray x = Nd4j.createFromArray(new double[][] {{0.3, -1.0}, {1.2, 0.4}, {-0.7, 2.0}});
        INDArray loc = Nd4j.createFromArray(0.1, -0.5);
        INDArray scale = Nd4j.createFromArray(0.8, 1.7);
        GradCheck.verify("Normal.expand logDensity", v -> Normal.of(v.get(0), v.get(1)).expand(TARGET)
                .logDensity(Var.constant(x)).sum(), loc, scale);
        GradCheck.verify("Normal.expand logDensitySum", v -> Normal.of(v.get(0), v.get(1)).expand(TARGET)
                .logDensitySum(Var.constant(x)), loc, scale);
        GradCheck.verify("Normal.expand reparam", v -> Normal.of(v.get(0), v.get(1)).expand(TARGET)
                .reparamSample(Rng.of(5)).value().square().sum(), loc, scale);
        Var l = Var.param(loc.dup());
        Var total = Normal.of(l, Var.constant(scale)).expand(TARGET).logDensity(Var.constant(x)).sum();
        INDArray g = Grad.grad(total, l).get(l);
        assertArrayEquals(new long[] {2}, g.shape());
        // d/dmu_j of sum_i log N(x_ij; mu_j, sigma_j) = sum_i (x_ij - mu_j) / sigma_j^2, over the 3 new rows
        for (int j = 0; j < 2; j++) {
            double want = 0;
            for (int i = 0; i < 3; i++) {
                want += (x.getDouble(i, j) - loc.getDouble(j)) / (scale.getDouble(j) * scale.getDouble(j));
            }
            assertEquals(want, g.getDouble(j), 1e-12);
        }
    }

    @Test
    void relaxedFamiliesKeepTheirTemperatureAndStraightThroughFlag() {
        RelaxedBernoulli rb = RelaxedBernoulli.ofLogits(0.3, c(1.0, -1.0), true).expand(TARGET);
        assertEquals(0.3, rb.temperature());
        assertTrue(rb.isStraightThrough());
        INDArray hard = rb.sample(Rng.of(2)).value();
        assertTrue(hard.eq(0.0).castTo(hard.dataType()).add(hard.eq(1.0).castTo(hard.dataType())).minNumber()
                .doubleValue() == 1.0, "straight-through draws are hard");
        RelaxedCategorical rc = RelaxedCategorical.ofLogits(0.6, c(0.0, 1.0, 2.0), true).expand(TARGET);
        assertEquals(0.6, rc.temperature());
        assertTrue(rc.isStraightThrough());
        assertArrayEquals(new long[] {3, 2, 3}, rc.sample(Rng.of(2)).shape());
        assertFalse(RelaxedBernoulli.ofLogits(0.3, c(1.0, -1.0)).expand(TARGET).isStraightThrough());
    }

    @Test
    void expandingAnIndependentExpandsTheBaseAndKeepsTheMovedDimsInTheEvent() {
        Distribution<Var> base = Bernoulli.ofProbs(c(0.2, 0.7));
        Distribution<Var> e = base.toEvent(1).expand(new long[] {4});
        assertTrue(e instanceof Independent, e.name());
        assertArrayEquals(new long[] {4}, e.batchShape());
        assertArrayEquals(new long[] {2}, e.eventShape());
        Var x = e.sample(Rng.of(9));
        assertArrayEquals(new long[] {4, 2}, x.shape());
        double[] lp = e.logDensity(x).value().toDoubleVector();
        INDArray perCoordinate = base.logDensity(x).value();
        for (int i = 0; i < 4; i++) {
            assertEquals(perCoordinate.getDouble(i, 0) + perCoordinate.getDouble(i, 1), lp[i], 1e-12);
        }
        Distribution<Var> independent = base.toEvent(1);
        assertSame(independent, independent.expand(new long[0]));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Normal.of(c(new double[][] {{0, 1, 2}, {3, 4, 5}}), ExpandCases.s(1.0)).toEvent(1)
                        .expand(new long[] {3}));
        assertTrue(ex.getMessage().contains("Normal.toEvent(1)") && ex.getMessage().contains("[2]")
                && ex.getMessage().contains("[3]"), ex.getMessage());
    }

    @Test
    void anIndependentOfARankTwoBatchExpandsItsOuterBatch() {
        double[][] loc = {{0, 1, 2}, {3, 4, 5}};
        Distribution<Var> d = Normal.of(c(loc), ExpandCases.s(0.5)).toEvent(1);
        Distribution<Var> e = d.expand(new long[] {5, 2});
        assertArrayEquals(new long[] {5, 2}, e.batchShape());
        assertArrayEquals(new long[] {3}, e.eventShape());
        Var x = e.sample(Rng.of(4));
        assertArrayEquals(new long[] {5, 2, 3}, x.shape());
        INDArray want = d.logDensity(x).value();
        INDArray got = e.logDensity(x).value();
        assertArrayEquals(new long[] {5, 2}, got.shape());
        assertTrue(want.equalsWithEps(got, 1e-12), got + " vs " + want);
        assertSame(d, d.expand(new long[] {2}));
    }
}
