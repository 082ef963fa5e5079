package dev.ppl.core.combinators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * The map combinator against the GFI contract and its own behaviour, on the kernel
 * {@code kernel(x) = { z ~ N(x, 1); y ~ N(z, 0.5); return y }} (float64).
 */
class MapCombinatorTest extends GenerativeFunctionContract<List<Double>, List<Var>> {
    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    static final GenerativeFunction<Double, Var> KERNEL = Gen.fn("kernel", (ctx, x) -> {
        Var z = ctx.sample("z", Normal.of(c(x), c(1)));
        return ctx.sample("y", Normal.of(z, c(0.5)));
    });
    static final MapCombinator<Double, Var> MAP = MapCombinator.of(KERNEL);
    static final List<Double> XS = List.of(0.5, -1.0, 2.0);

    @Override protected GenerativeFunction<List<Double>, List<Var>> function() { return MAP; }
    @Override protected List<Double> args() { return XS; }
    @Override protected List<Double> otherArgs() { return List.of(1.5, 0.0, -2.0); }

    static double lpZ(double x, double z) {
        return new NormalDistribution(x, 1).logDensity(z);
    }

    static double lpY(double z, double y) {
        return new NormalDistribution(z, 0.5).logDensity(y);
    }

    static double v(ChoiceMap c, String address) {
        return c.get(address).item();
    }

    /** \(\sum_i \log N(z_i; x_i, 1) + \log N(y_i; z_i, 0.5)\) over the trace's elements. */
    static double score(List<Double> xs, ChoiceMap c) {
        double s = 0;
        for (int i = 0; i < xs.size(); i++) {
            double z = v(c, i + "/z");
            s += lpZ(xs.get(i), z) + lpY(z, v(c, i + "/y"));
        }
        return s;
    }

    @Override
    protected double expectedScore(Trace<List<Double>, List<Var>> t) {
        return score(t.args(), t.choices());
    }

    @Test
    void elementIsChoicesLieUnderIAndTheReturnValueListsTheKernelsReturns() {
        MapTrace<Double, Var> t = MAP.simulate(Rng.of(1), XS);
        assertEquals(List.of("0/y", "0/z", "1/y", "1/z", "2/y", "2/z"),
                t.choices().addresses().stream().map(Address::toString).toList());
        assertEquals(3, t.retval().size());
        for (int i = 0; i < 3; i++) {
            assertEquals(v(t.choices(), i + "/y"), t.retval().get(i).item());
            assertEquals(XS.get(i), t.element(i).args());
        }
    }

    @Test
    void elementIRunsTheKernelWithTheKeyFoldedWithI() {
        Rng rng = Rng.of(2);
        MapTrace<Double, Var> t = MAP.simulate(rng, List.of(0.0, 0.0));
        for (int i = 0; i < 2; i++) {
            assertEquals(KERNEL.simulate(rng.fold(i), 0.0).choices(), t.element(i).choices());
        }
        assertNotEquals(v(t.choices(), "0/z"), v(t.choices(), "1/z"));
    }

    @Test
    void updateToALongerListGeneratesTheNewElements() {
        MapTrace<Double, Var> t = MAP.simulate(Rng.of(3), XS);
        List<Double> longer = List.of(0.5, -1.0, 2.0, 0.3, -0.7);
        Updated<List<Double>, List<Var>> u = MAP.update(Rng.of(4), t, ChoiceMap.of("4/y", c(1.1)), longer);
        ChoiceMap n = u.trace().choices();
        assertEquals(10, n.size());
        assertEquals(1.1, v(n, "4/y"));
        assertEquals(t.choices(), n.filter(Selection.of("0", "1", "2")));
        assertTrue(u.discard().isEmpty());
        double fresh = lpZ(0.3, v(n, "3/z")) + lpY(v(n, "3/z"), v(n, "3/y")) + lpZ(-0.7, v(n, "4/z"));
        double newScore = MAP.assess(n, longer).logDensity().item();
        assertEquals(score(longer, n), newScore, 1e-9);
        assertEquals(newScore - t.score().item() - fresh, u.weight().item(), 1e-9);
        assertEquals(lpY(v(n, "4/z"), 1.1), u.weight().item(), 1e-9); // the constrained choice's density
        assertEquals(5, u.trace().retval().size());
    }

    @Test
    void updateToAShorterListDiscardsTheRemovedElementsAndSubtractsTheirScore() {
        List<Double> five = List.of(0.5, -1.0, 2.0, 0.3, -0.7);
        MapTrace<Double, Var> t = MAP.simulate(Rng.of(5), five);
        List<Double> two = List.of(1.0, 0.0);
        Updated<List<Double>, List<Var>> u = MAP.update(Rng.of(6), t, ChoiceMap.empty(), two);
        ChoiceMap n = u.trace().choices();
        assertEquals(t.choices().filter(Selection.of("0", "1")), n);
        assertEquals(t.choices().filter(Selection.of("2", "3", "4")), u.discard());
        double newScore = MAP.assess(n, two).logDensity().item();
        assertEquals(score(two, n), newScore, 1e-9);
        assertEquals(newScore - t.score().item(), u.weight().item(), 1e-9);
        assertEquals(2, u.trace().retval().size());
    }

    @Test
    void regenerateResamplesTheSelectionSimulatesNewElementsAndDropsRemovedOnesAtWeightZero() {
        MapTrace<Double, Var> t = MAP.simulate(Rng.of(7), XS);
        List<Double> four = List.of(0.5, -1.0, 2.0, 0.9);
        Updated<List<Double>, List<Var>> u = MAP.regenerate(Rng.of(8), t, Selection.of("1/z"), four);
        ChoiceMap o = t.choices(), n = u.trace().choices();
        assertNotEquals(v(o, "1/z"), v(n, "1/z"));
        assertEquals(o.filter(Selection.of("1/z").complement()), n.filter(Selection.of("1/z", "3").complement()));
        assertEquals(ChoiceMap.of("1/z", o.get("1/z")), u.discard());
        assertEquals(2, n.submap("3").size());
        // kept choices: only 1/y's density changes (its parent 1/z was resampled)
        assertEquals(lpY(v(n, "1/z"), v(o, "1/y")) - lpY(v(o, "1/z"), v(o, "1/y")), u.weight().item(), 1e-9);

        Updated<List<Double>, List<Var>> shrink = MAP.regenerate(Rng.of(9), t, Selection.none(), XS.subList(0, 1));
        assertEquals(0.0, shrink.weight().item(), 1e-12);
        assertEquals(o.filter(Selection.of("1", "2")), shrink.discard());
        assertEquals(o.filter(Selection.of("0")), shrink.trace().choices());
    }

    @Test
    void constraintsAtIndicesTheMapNeverVisitsAreAnErrorListingEveryOne() {
        ChoiceMap bad = ChoiceMap.builder().put("0/z", c(0)).put("3/z", c(0)).put("x/z", c(0)).put("01/z", c(0))
                .put("1", c(0)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MAP.generate(Rng.of(10), bad, XS));
        assertTrue(e.getMessage().contains("[01/z, 1, 3/z, x/z]"), e.getMessage());
        MapTrace<Double, Var> t = MAP.simulate(Rng.of(11), XS);
        e = assertThrows(IllegalArgumentException.class, () -> MAP.update(Rng.of(12), t, ChoiceMap.of("3/y", c(0)), XS));
        assertTrue(e.getMessage().contains("[3/y]"), e.getMessage());
        ChoiceMap extra = t.choices().merge(ChoiceMap.of("7/z", c(0)));
        e = assertThrows(IllegalArgumentException.class, () -> MAP.assess(extra, XS));
        assertTrue(e.getMessage().contains("[7/z]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MAP.generate(Rng.of(13), ChoiceMap.of("1/q", c(0)), XS));
        assertTrue(e.getMessage().contains("call at '1'") && e.getMessage().contains("[1/q]"), e.getMessage());
    }

    @Test
    void assessListsTheMissingChoicesOfEveryElement() {
        ChoiceMap all = MAP.simulate(Rng.of(14), XS).choices();
        ChoiceMap partial = all.filter(Selection.of("0/z", "2/y").complement());
        MissingChoicesException e = assertThrows(MissingChoicesException.class, () -> MAP.assess(partial, XS));
        assertEquals(List.of(Address.parse("0/z"), Address.parse("2/y")), e.missing());
    }

    @Test
    void aMapCalledFromADynamicFunctionNestsItsAddressesAndUpdatesThroughIt() {
        GenerativeFunction<Double, List<Var>> outer = Gen.fn("outer", (ctx, shift) ->
                ctx.call("xs", MAP, XS.stream().map(x -> x + shift).toList()));
        Trace<Double, List<Var>> t = outer.simulate(Rng.of(15), 0.0);
        assertTrue(t.choices().has("xs/2/z"));
        assertEquals(score(XS, t.choices().submap("xs")), t.score().item(), 1e-9);
        Updated<Double, List<Var>> u = outer.update(Rng.of(16), t, ChoiceMap.of("xs/1/z", c(0.25)), 1.0);
        double newScore = outer.assess(u.trace().choices(), 1.0).logDensity().item();
        assertEquals(newScore - t.score().item(), u.weight().item(), 1e-9);
        assertEquals(t.choices().get("xs/1/z").value(), u.discard().get("xs/1/z").value());
    }

    @Test
    void anEmptyListHasNoChoicesAndScoreZero() {
        MapTrace<Double, Var> t = MAP.simulate(Rng.of(17), List.of());
        assertTrue(t.choices().isEmpty() && t.retval().isEmpty());
        assertEquals(0.0, t.score().item());
        Generated<List<Double>, List<Var>> g = MAP.generate(Rng.of(18), ChoiceMap.empty(), List.of());
        assertEquals(0.0, g.weight().item());
        assertThrows(IllegalArgumentException.class, () -> MAP.generate(Rng.of(18), ChoiceMap.of("0/z", c(0)), List.of()));
    }

    @Test
    void updateRejectsATraceOfAnotherFunction() {
        Trace<List<Double>, List<Var>> other = MapCombinator.of(Gen.<Double, Var>fn("k2", (ctx, x) ->
                ctx.sample("z", Normal.of(c(x), c(1))))).simulate(Rng.of(19), XS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MAP.update(Rng.of(20), other, ChoiceMap.empty(), XS));
        assertTrue(e.getMessage().contains("k2"), e.getMessage());
    }
}
