package dev.ppl.core.combinators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.GenerativeFunctionContract;
import dev.ppl.core.Generated;
import dev.ppl.core.MissingChoicesException;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.core.Updated;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The unfold combinator against the GFI contract and its own behaviour, on a Gaussian random
 * walk with drift observed in noise: step \(t\) is
 * {@code x ~ N(s + 0.1 t, 1); y ~ N(x, 0.5); return x} (float64), four steps.
 */
class UnfoldTest extends GenerativeFunctionContract<Var, List<Var>> {
    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    static final GenerativeFunction<Unfold.Step<Var>, Var> STEP = Gen.fn("step", (ctx, s) -> {
        Var x = ctx.sample("x", Normal.of(s.state().add(0.1 * s.t()), c(1)));
        ctx.sample("y", Normal.of(x, c(0.5)));
        return x;
    });
    static final Unfold<Var> WALK = Unfold.of(STEP, 4);

    @Override protected GenerativeFunction<Var, List<Var>> function() { return WALK; }
    @Override protected Var args() { return c(0.3); }
    @Override protected Var otherArgs() { return c(-1.0); }

    static double lpX(double s, int t, double x) {
        return new NormalDistribution(s + 0.1 * t, 1).logDensity(x);
    }

    static double lpY(double x, double y) {
        return new NormalDistribution(x, 0.5).logDensity(y);
    }

    static double v(ChoiceMap c, String address) {
        return c.get(address).item();
    }

    /** \(\sum_t \log N(x_t; x_{t-1} + 0.1 t, 1) + \log N(y_t; x_t, 0.5)\), \(x_{-1} = s_0\). */
    static double score(double init, int steps, ChoiceMap c) {
        double s = 0, prev = init;
        for (int t = 0; t < steps; t++) {
            double x = v(c, t + "/x");
            s += lpX(prev, t, x) + lpY(x, v(c, t + "/y"));
            prev = x;
        }
        return s;
    }

    @Override
    protected double expectedScore(Trace<Var, List<Var>> t) {
        return score(t.args().item(), 4, t.choices());
    }

    @Test
    void stepTsChoicesLieUnderTAndEachStepGetsTAndThePreviousState() {
        Var init = c(0.3);
        UnfoldTrace<Var> t = WALK.simulate(Rng.of(1), init);
        assertEquals(List.of("0/x", "0/y", "1/x", "1/y", "2/x", "2/y", "3/x", "3/y"),
                t.choices().addresses().stream().map(Address::toString).toList());
        assertEquals(4, t.retval().size());
        assertSame(init, t.step(0).args().state());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, t.step(i).args().t());
            assertEquals(v(t.choices(), i + "/x"), t.retval().get(i).item());
            if (i > 0) {
                assertSame(t.retval().get(i - 1), t.step(i).args().state());
            }
        }
    }

    @Test
    void updatingAnEarlyStatePropagatesToEveryLaterStep() {
        Var init = c(0.3);
        UnfoldTrace<Var> t = WALK.simulate(Rng.of(2), init);
        ChoiceMap o = t.choices();
        Updated<Var, List<Var>> u = WALK.update(Rng.of(3), t, ChoiceMap.of("1/x", c(2.5)), init);
        ChoiceMap n = u.trace().choices();
        assertEquals(2.5, u.trace().retval().get(1).item());
        UnfoldTrace<Var> nt = (UnfoldTrace<Var>) u.trace();
        assertEquals(2.5, nt.step(2).args().state().item());
        assertEquals(o.filter(Selection.of("1/x").complement()), n.filter(Selection.of("1/x").complement()));
        assertEquals(ChoiceMap.of("1/x", o.get("1/x")), u.discard());
        double x0 = v(o, "0/x"), x1 = v(o, "1/x"), y1 = v(o, "1/y"), x2 = v(o, "2/x");
        double expected = lpX(x0, 1, 2.5) - lpX(x0, 1, x1) + lpY(2.5, y1) - lpY(x1, y1) + lpX(2.5, 2, x2) - lpX(x1, 2, x2);
        assertEquals(expected, u.weight().item(), 1e-9);
        double newScore = WALK.assess(n, init).logDensity().item();
        assertEquals(score(0.3, 4, n), newScore, 1e-9);
        assertEquals(newScore, u.trace().score().item(), 1e-9);
        assertEquals(newScore - t.score().item(), u.weight().item(), 1e-9);
    }

    @Test
    void updatingTheInitialStateRescoresTheFirstStep() {
        UnfoldTrace<Var> t = WALK.simulate(Rng.of(4), c(0.3));
        Var init = c(-2.0);
        Updated<Var, List<Var>> u = WALK.update(Rng.of(5), t, ChoiceMap.empty(), init);
        assertSame(init, ((UnfoldTrace<Var>) u.trace()).step(0).args().state());
        double x0 = v(t.choices(), "0/x");
        assertEquals(lpX(-2.0, 0, x0) - lpX(0.3, 0, x0), u.weight().item(), 1e-9);
        assertEquals(t.choices(), u.trace().choices());
    }

    @Test
    void generateWithEveryObservationWeighsThemByTheirLikelihood() {
        double[] ys = {0.1, 0.6, 1.4, 0.9};
        ChoiceMap.Builder b = ChoiceMap.builder();
        for (int i = 0; i < 4; i++) {
            b.put(i + "/y", c(ys[i]));
        }
        Generated<Var, List<Var>> g = WALK.generate(Rng.of(6), b.build(), c(0.3));
        ChoiceMap n = g.trace().choices();
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            assertEquals(ys[i], v(n, i + "/y"));
            expected += lpY(v(n, i + "/x"), ys[i]);
        }
        assertEquals(expected, g.weight().item(), 1e-9);
    }

    @Test
    void regeneratingOneStateRescoresTheChoicesThatDependOnIt() {
        UnfoldTrace<Var> t = WALK.simulate(Rng.of(7), c(0.3));
        Updated<Var, List<Var>> u = WALK.regenerate(Rng.of(8), t, Selection.of("2/x"), c(0.3));
        ChoiceMap o = t.choices(), n = u.trace().choices();
        double x2 = v(o, "2/x"), x2n = v(n, "2/x"), y2 = v(o, "2/y"), x3 = v(o, "3/x");
        assertNotEquals(x2, x2n);
        assertEquals(o.filter(Selection.of("2/x").complement()), n.filter(Selection.of("2/x").complement()));
        assertEquals(ChoiceMap.of("2/x", o.get("2/x")), u.discard());
        double expected = lpY(x2n, y2) - lpY(x2, y2) + lpX(x2n, 3, x3) - lpX(x2, 3, x3);
        assertEquals(expected, u.weight().item(), 1e-9);
    }

    @Test
    void updatingATraceOfAnotherLengthExtendsOrTruncatesTheSequence() {
        Unfold<Var> two = Unfold.of(STEP, 2);
        Var init = c(0.3);
        UnfoldTrace<Var> t = two.simulate(Rng.of(9), init);
        ChoiceMap obs = ChoiceMap.builder().put("2/y", c(0.4)).put("3/y", c(-0.2)).build();
        Updated<Var, List<Var>> u = WALK.update(Rng.of(10), t, obs, init);
        ChoiceMap n = u.trace().choices();
        assertEquals(t.choices(), n.filter(Selection.of("0", "1")));
        assertTrue(u.discard().isEmpty());
        double fresh = lpX(v(n, "1/x"), 2, v(n, "2/x")) + lpX(v(n, "2/x"), 3, v(n, "3/x"));
        double newScore = WALK.assess(n, init).logDensity().item();
        assertEquals(newScore - t.score().item() - fresh, u.weight().item(), 1e-9);
        assertEquals(lpY(v(n, "2/x"), 0.4) + lpY(v(n, "3/x"), -0.2), u.weight().item(), 1e-9);

        Updated<Var, List<Var>> back = two.update(Rng.of(11), u.trace(), ChoiceMap.empty(), init);
        assertEquals(n.filter(Selection.of("2", "3")), back.discard());
        assertEquals(two.assess(back.trace().choices(), init).logDensity().item() - newScore, back.weight().item(), 1e-9);
        assertEquals(-(newScore - t.score().item()), back.weight().item(), 1e-9);
    }

    @Test
    void constraintsAtStepsTheUnfoldNeverVisitsAreAnErrorListingEveryOne() {
        ChoiceMap bad = ChoiceMap.builder().put("1/x", c(0)).put("4/x", c(0)).put("-1/x", c(0)).put("x", c(0)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WALK.generate(Rng.of(12), bad, c(0)));
        assertTrue(e.getMessage().contains("[4/x, -1/x, x]"), e.getMessage());
        UnfoldTrace<Var> t = WALK.simulate(Rng.of(13), c(0));
        e = assertThrows(IllegalArgumentException.class, () -> WALK.update(Rng.of(14), t, ChoiceMap.of("9/y", c(0)), c(0)));
        assertTrue(e.getMessage().contains("[9/y]"), e.getMessage());
        ChoiceMap extra = t.choices().merge(ChoiceMap.of("5/x", c(0)));
        e = assertThrows(IllegalArgumentException.class, () -> WALK.assess(extra, c(0)));
        assertTrue(e.getMessage().contains("[5/x]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Unfold.of(STEP, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void assessListsTheMissingChoicesOfEveryStep() {
        ChoiceMap all = WALK.simulate(Rng.of(15), c(0)).choices();
        ChoiceMap partial = all.filter(Selection.of("0/x", "3/y").complement());
        MissingChoicesException e = assertThrows(MissingChoicesException.class, () -> WALK.assess(partial, c(0)));
        assertEquals(List.of(Address.parse("0/x"), Address.parse("3/y")), e.missing());
    }

    @Test
    void zeroStepsGiveAnEmptySequence() {
        UnfoldTrace<Var> t = Unfold.of(STEP, 0).simulate(Rng.of(16), c(0));
        assertTrue(t.choices().isEmpty() && t.retval().isEmpty());
        assertEquals(0.0, t.score().item());
    }

    @Test
    void updateRejectsATraceOfAnotherKernel() {
        GenerativeFunction<Unfold.Step<Var>, Var> other = Gen.fn("other",
                (ctx, s) -> ctx.sample("x", Normal.of(s.state(), c(1))));
        UnfoldTrace<Var> t = Unfold.of(other, 4).simulate(Rng.of(17), c(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WALK.update(Rng.of(18), t, ChoiceMap.empty(), c(0)));
        assertTrue(e.getMessage().contains("other"), e.getMessage());
    }
}
