package dev.ppl.vi.approx;

import static dev.ppl.vi.Unbiased.assertUnbiased;
import static dev.ppl.vi.approx.HierarchicalNormal.c;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.Unbiased;
import dev.ppl.vi.strategy.Strategies;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Marginal} on the guide \(u \sim N(0, 1)\), \(z \sim N(m + a u, s)\), whose marginal
 * \(N(m, \sqrt{a^2 + s^2})\) is known: the density estimate and the reciprocal estimate are unbiased,
 * and so are the gradients of their expectations.
 */
class MarginalTest {
    static final double Z0 = 0.9;

    @Test
    void densityEstimateIsUnbiasedForTheMarginalDensityAndItsGradient() {
        HierarchicalNormal h = new HierarchicalNormal(0.2, 0.5, 0.9);
        for (int k : new int[] {1, 4}) {
            Marginal<Void> q = h.marginal(k);
            Expectation<Void> density = Expectation.of((ctx, a) -> ctx.density("q", q, ChoiceMap.of("z", Nd4j.scalar(Z0)), a).exp());
            Unbiased.Exact exact = Unbiased.Exact.of(() -> h.logMarginal(c(Z0)).exp(), h.params());
            assertUnbiased("q-hat(z), K = " + k, density, null, h.params(), exact, 400, 100 + k);
        }
    }

    /**
     * \(E[g(z)\,\widehat{q^{-1}}(z)] = E_z[g(z)/q(z)] = \int g = 1\) for the density \(g = N(0, 1)\) whatever the
     * parameters, so the expected gradient is 0. (The plain ratio \(q(z)\,\widehat{q^{-1}}(z)\) would have
     * infinite variance for \(K = 1\); with \(g\) the second moment is finite for \(a < s\), \(s > 1/\sqrt2\).)
     */
    static Expectation<Void> reciprocalCheck(Marginal<Void> q) {
        return Expectation.of((ctx, a) -> {
            Trace<Void, ChoiceMap> t = ctx.simulate(q, a);
            Var z = t.choices().get("z");
            return z.square().mul(-0.5).sub(0.5 * Math.log(2 * Math.PI)).sub(t.score()).exp();
        });
    }

    static final Unbiased.Exact INTEGRAL_OF_G = new Unbiased.Exact(1.0, new double[][] {{0}, {0}, {0}});

    @Test
    void simulateScoreGivesAnUnbiasedReciprocalOfTheMarginalDensity() {
        HierarchicalNormal h = new HierarchicalNormal(0.2, 0.5, 0.9);
        for (int k : new int[] {1, 3}) {
            Marginal<Void> q = h.marginal(k);
            assertUnbiased("g(z) / q-hat(z), K = " + k, reciprocalCheck(q), null, h.params(), INTEGRAL_OF_G, 400, 200 + k);
        }
    }

    @Test
    void aCustomProposalGivesTheSameUnbiasedEstimates() {
        HierarchicalNormal h = new HierarchicalNormal(0.2, 0.5, 0.9);
        // r(u | z) = N(0.3 z, 0.9): not the exact conditional, so the estimates are noisy but unbiased
        GenerativeFunction<ProposalArgs<Void>, Var> r = Gen.fn("r",
                (ctx, p) -> ctx.sample("u", Normal.of(p.kept().get("z").mul(0.3), c(0.9))));
        Marginal<Void> q = Marginal.of(h.joint, Selection.of("z"), r, 3);
        Expectation<Void> density = Expectation.of((ctx, a) -> ctx.density("q", q, ChoiceMap.of("z", Nd4j.scalar(Z0)), a).exp());
        assertUnbiased("q-hat(z) with r", density, null, h.params(),
                Unbiased.Exact.of(() -> h.logMarginal(c(Z0)).exp(), h.params()), 400, 301);
        assertUnbiased("g(z) / q-hat(z) with r", reciprocalCheck(q), null, h.params(), INTEGRAL_OF_G, 400, 302);
    }

    @Test
    void theAuxiliaryDrawsFollowTheObjectivesStrategies() {
        HierarchicalNormal h = new HierarchicalNormal(0.2, 0.5, 0.9);
        // r_c(u | z) = N(c z, 0.9): E[q-hat(z)] = q(z) whatever c, so the expected gradient in c is 0, provided the
        // auxiliary draw's dependence on c is accounted for (pathwise or score function)
        Var cz = Var.param(Nd4j.scalar(-0.5));
        GenerativeFunction<ProposalArgs<Void>, Var> r = Gen.fn("r", List.of(cz),
                (ctx, p) -> ctx.sample("u", Normal.of(p.kept().get("z").mul(cz), c(0.9))));
        Marginal<Void> q = Marginal.of(h.joint, Selection.of("z"), r, 2);
        Expectation<Void> density = Expectation.of((ctx, a) -> ctx.density("q", q, ChoiceMap.of("z", Nd4j.scalar(Z0)), a).exp());
        List<Var> params = List.of(h.m, h.a, h.l, cz);
        Unbiased.Exact marginal = Unbiased.Exact.of(() -> h.logMarginal(c(Z0)).exp(), h.params());
        double[][] grads = {marginal.gradient()[0], marginal.gradient()[1], marginal.gradient()[2], {0}};
        Unbiased.Exact exact = new Unbiased.Exact(marginal.value(), grads);
        assertUnbiased("q-hat(z), REPARAM auxiliary draws", density, null, params, exact, 300, 311);
        assertUnbiased("q-hat(z), REINFORCE auxiliary draws", density.withStrategy("q/aux", Strategies.REINFORCE), null,
                params, exact, 300, 312);
        double scoreless = Unbiased.worstRatio(density.withStrategy("q/aux", Strategies.SAMPLE_ONLY), null, List.of(cz),
                new Unbiased.Exact(marginal.value(), new double[][] {{0}}), 300, 313);
        System.out.printf("q-hat(z) with SAMPLE_ONLY auxiliary draws: d/dc %.2f x 4 SE from 0%n", scoreless);
        assertTrue(scoreless > 1, "auxiliary draws without gradient terms are detected: " + scoreless + " x 4 SE");
    }

    @Test
    void theEstimatorsUseDistinctAddressesAndThePlainInterfaceAgrees() {
        HierarchicalNormal h = new HierarchicalNormal(0.2, 0.5, 0.9);
        Marginal<Void> q = h.marginal(3);
        Trace<Void, ChoiceMap> t = q.simulate(Rng.of(5), null);
        assertEquals(List.of(dev.ppl.core.Address.parse("z")), t.choices().addresses());
        assertTrue(Double.isFinite(t.score().item()));
        double w = q.generate(Rng.of(6), ChoiceMap.of("z", Nd4j.scalar(Z0)), null).weight().item();
        assertTrue(Double.isFinite(w));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> q.generate(Rng.of(7), ChoiceMap.of("u", Nd4j.scalar(0.1)), null));
        assertTrue(e.getMessage().contains("kept"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> q.assess(ChoiceMap.of("z", Nd4j.scalar(Z0)), null));
        assertThrows(IllegalArgumentException.class, () -> Marginal.of(h.joint, Selection.of("z"), 0));
    }
}
