package dev.ppl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The contract of the Generative Function Interface, run against every kind of generative
 * function (one subclass per kind): scores, generate and assess weights, update and regenerate
 * weights as differences of recomputed scores, reproducibility and error cases.
 */
public abstract class GenerativeFunctionContract<A, R> {
    /** The function under test (float64 distributions, continuous choices). */
    protected abstract GenerativeFunction<A, R> function();

    /** Arguments for a run. */
    protected abstract A args();

    /** Different arguments for {@code update} (same set of addresses). */
    protected abstract A otherArgs();

    /** The sum of the log densities of {@code trace}'s choices, computed independently of the library. */
    protected abstract double expectedScore(Trace<A, R> trace);

    protected static final double TOL = 1e-9;

    private Trace<A, R> simulate(long seed) {
        return function().simulate(Rng.of(seed), args());
    }

    /** {@code v} with every element shifted by 0.25 (a new value in the support of continuous choices). */
    protected static Var shifted(Var v) {
        INDArray x = v.value().add(0.25);
        return Var.constant(x);
    }

    @Test
    void simulateScoreIsTheSumOfTheChoicesLogDensities() {
        Trace<A, R> t = simulate(1);
        assertEquals(expectedScore(t), t.score().item(), TOL * (1 + Math.abs(t.score().item())));
        assertFalse(t.choices().isEmpty());
    }

    @Test
    void sameKeyGivesTheSameTraceAndOtherKeysDiffer() {
        assertEquals(simulate(2).choices(), simulate(2).choices());
        assertFalse(simulate(2).choices().equals(simulate(3).choices()));
    }

    @Test
    void generateWithAllChoicesConstrainedReturnsTheScoreAsWeight() {
        Trace<A, R> t = simulate(4);
        Generated<A, R> g = function().generate(Rng.of(5), t.choices(), args());
        assertEquals(t.score().item(), g.weight().item(), TOL * (1 + Math.abs(t.score().item())));
        assertEquals(t.choices(), g.trace().choices());
    }

    @Test
    void generateWithNoConstraintsHasWeightZero() {
        Generated<A, R> g = function().generate(Rng.of(6), ChoiceMap.empty(), args());
        assertEquals(0.0, g.weight().item(), 0.0);
        assertEquals(function().simulate(Rng.of(6), args()).choices(), g.trace().choices());
    }

    @Test
    void assessAgreesWithGenerateAndTheScore() {
        Trace<A, R> t = simulate(9);
        Assessment<R> a = function().assess(t.choices(), args());
        assertEquals(t.score().item(), a.logDensity().item(), TOL * (1 + Math.abs(t.score().item())));
        Generated<A, R> g = function().generate(Rng.of(10), t.choices(), args());
        assertEquals(g.weight().item(), a.logDensity().item(), TOL * (1 + Math.abs(g.weight().item())),
                "assess and fully constrained generate weigh the same choices alike");
        assertEquals(g.trace().score().item(), a.logDensity().item(), TOL * (1 + Math.abs(g.trace().score().item())));
    }

    @Test
    void updateWeightIsTheDifferenceOfRecomputedScores() {
        Trace<A, R> t = simulate(10);
        Address first = t.choices().addresses().get(0);
        ChoiceMap change = ChoiceMap.builder().put(first, shifted(t.choices().get(first))).build();
        Updated<A, R> u = function().update(Rng.of(11), t, change, otherArgs());
        double newScore = function().assess(u.trace().choices(), otherArgs()).logDensity().item();
        assertEquals(newScore, u.trace().score().item(), TOL * (1 + Math.abs(newScore)));
        assertEquals(newScore - t.score().item(), u.weight().item(), TOL * (1 + Math.abs(newScore)));
        assertEquals(t.choices().get(first).value(), u.discard().get(first).value());
        for (Address a : t.choices().addresses()) {
            if (!a.equals(first)) {
                assertEquals(t.choices().get(a).value(), u.trace().choices().get(a).value(), "kept " + a);
            }
        }
    }

    @Test
    void regenerateWithNothingSelectedKeepsChoicesAndWeighsTheArgumentChange() {
        Trace<A, R> t = simulate(12);
        Updated<A, R> u = function().regenerate(Rng.of(13), t, Selection.none(), otherArgs());
        assertEquals(t.choices(), u.trace().choices());
        assertEquals(u.trace().score().item() - t.score().item(), u.weight().item(), TOL * (1 + Math.abs(t.score().item())));
        assertTrue(u.discard().isEmpty());
    }

    @Test
    void regenerateWithEverythingSelectedHasWeightZero() {
        Trace<A, R> t = simulate(14);
        Updated<A, R> u = function().regenerate(Rng.of(15), t, Selection.all(), args());
        assertEquals(0.0, u.weight().item(), 0.0);
        assertFalse(t.choices().equals(u.trace().choices()));
        assertEquals(t.choices().size(), u.discard().size());
    }

    @Test
    void constraintsAtUnvisitedAddressesAreAnErrorListingThem() {
        ChoiceMap bogus = ChoiceMap.of("no/such/address", Var.constant(org.nd4j.linalg.factory.Nd4j.scalar(1.0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> function().generate(Rng.of(16), bogus, args()));
        assertTrue(e.getMessage().contains("no/such/address"), e.getMessage());
    }

    @Test
    void assessWithMissingChoicesListsThem() {
        Trace<A, R> t = simulate(17);
        List<Address> all = t.choices().addresses();
        ChoiceMap partial = t.choices().filter(Selection.of(all.get(0).toString()).complement());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> function().assess(partial, args()));
        assertTrue(e.getMessage().contains(all.get(0).toString()), e.getMessage());
    }
}
