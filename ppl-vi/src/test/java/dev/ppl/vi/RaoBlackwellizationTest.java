package dev.ppl.vi;

import static dev.ppl.vi.Unbiased.assertUnbiased;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rao-Blackwellization by dependency tracking: unbiased on models whose costs depend on some
 * choices only (directly, or through the parameters of later choices, including multi-shot ones),
 * lower variance than the plain estimator, and a program that hides a dependence from tracking is
 * caught as biased by the same test.
 */
@Tag("statistical")
class RaoBlackwellizationTest {
    final Var l1 = Var.param(Nd4j.scalar(0.3));
    final Var l2 = Var.param(Nd4j.scalar(-0.6));
    final Var w = Var.param(Nd4j.scalar(1.1));

    List<Var> params() {
        return List.of(l1, l2, w);
    }

    /**
     * b1 ~ Bern(s(l1)); b2 ~ Bern(s(l2 + w b1)); b3 ~ Bern(s(l2)) independent; costs 4 b1, 3 b2,
     * 10 b3 - 5 recorded after all choices, so without tracking every score term multiplies all.
     */
    Expectation<Void> chain(boolean hideDependence) {
        return Expectation.of((ctx, a) -> {
            Var b1 = ctx.sample("b1", Bernoulli.ofLogits(l1));
            Var parent = hideDependence ? Var.constant(b1.value()) : b1;
            Var b2 = ctx.sample("b2", Bernoulli.ofLogits(l2.add(w.mul(parent))));
            Var b3 = ctx.sample("b3", Bernoulli.ofLogits(l2));
            ctx.addCost(b1.mul(4.0));
            ctx.addCost(b2.mul(3.0));
            ctx.addCost(b3.mul(10.0).sub(5.0));
            return Var.constant(Nd4j.scalar(0.0));
        });
    }

    /** \(4 p_1 + 3(p_1 s(l_2 + w) + (1 - p_1) s(l_2)) + 10 s(l_2) - 5\). */
    Var exact() {
        Var p1 = l1.sigmoid();
        Var p2given1 = l2.add(w).sigmoid(), p2given0 = l2.sigmoid();
        return p1.mul(4.0).add(p1.mul(p2given1).add(p1.rsub(1.0).mul(p2given0)).mul(3.0)).add(l2.sigmoid().mul(10.0)).sub(5.0);
    }

    static SummaryStatistics gradients(Expectation<Void> e, Var p, int n, long seed) {
        SummaryStatistics st = new SummaryStatistics();
        for (Rng k : Rng.of(seed).split(n)) {
            st.addValue(e.gradEstimate(k, null, List.of(p)).gradients().get(p).getDouble(0));
        }
        return st;
    }

    @Test
    void trackedScoreTermsAreUnbiased() {
        Unbiased.Exact exact = Unbiased.Exact.of(this::exact, params());
        assertUnbiased("Rao-Blackwellized REINFORCE", chain(false).raoBlackwellize(), null, params(), exact, 3000, 51);
    }

    @Test
    void trackingLowersTheVarianceOfTheScoreTerms() {
        SummaryStatistics plain = gradients(chain(false), l1, 1500, 52);
        SummaryStatistics tracked = gradients(chain(false).raoBlackwellize(), l1, 1500, 52);
        assertTrue(tracked.getVariance() < plain.getVariance() / 2,
                "variance of d/dl1: tracked " + tracked.getVariance() + " vs plain " + plain.getVariance());
    }

    @Test
    void aDependenceHiddenFromTrackingIsCaughtAsBias() {
        Unbiased.Exact exact = Unbiased.Exact.of(this::exact, params());
        assertTrue(Unbiased.worstRatio(chain(true).raoBlackwellize(), null, params(), exact, 3000, 53) > 1,
                "b2's parameters use b1 re-wrapped as a constant: the dropped cost biases d/dl1");
    }

    @Test
    void dependenceThroughMultiShotChoicesIsTracked() {
        // b1 ~ Bern(s(l1)) by REINFORCE; e ~ Bern(s(l2 + w b1)) multi-shot; value 5 e only
        Unbiased.Exact exact = Unbiased.Exact.of(() -> {
            Var p1 = l1.sigmoid();
            return p1.mul(l2.add(w).sigmoid()).add(p1.rsub(1.0).mul(l2.sigmoid())).mul(5.0);
        }, params());
        for (Strategy s : List.of(Strategies.ENUM, Strategies.MVD, Strategies.ENUM_PARALLEL, Strategies.REINFORCE)) {
            Expectation<Void> e = Expectation.<Void>of((ctx, a) -> {
                Var b1 = ctx.sample("b1", Bernoulli.ofLogits(l1));
                return ctx.sample("e", Bernoulli.ofLogits(l2.add(w.mul(b1)))).mul(5.0);
            }).withStrategy("e", s).raoBlackwellize();
            assertUnbiased("REINFORCE then " + s.name() + ", tracked", e, null, params(), exact, 2000, 54);
        }
    }

    @Test
    void optionsComposeWithStrategiesAndParticles() {
        Expectation<Void> e = chain(false).raoBlackwellize().withStrategy("b3", Strategies.ENUM).particles(2);
        assertTrue(e.isRaoBlackwellized());
        assertUnbiased("tracked, ENUM on b3, 2 particles", e, null, params(), Unbiased.Exact.of(this::exact, params()), 1500, 55);
    }

    @Test
    void aLogDensityDependsOnItsValueEvenWhenTheValueIsOnlyAnIndex() {
        // c ~ Cat(softmax(t)); cost -log q(c) scored by Categorical itself (the index enters through a
        // mask): E = entropy of softmax(t)
        Var t = Var.param(Nd4j.createFromArray(0.4, -0.3, 1.0));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> {
            Var p = t.softmax(0);
            return p.mul(t.logSoftmax(0)).sum().neg();
        }, List.of(t));
        Expectation<Void> e = Expectation.<Void>of((ctx, a) -> {
            Var c = ctx.sample("c", dev.ppl.dist.discrete.Categorical.ofLogits(t));
            ctx.addCost(dev.ppl.dist.discrete.Categorical.ofLogits(t).logDensity(c).neg());
            return Var.constant(Nd4j.scalar(0.0));
        }).raoBlackwellize();
        assertUnbiased("entropy by a tracked REINFORCE", e, null, List.of(t), exact, 3000, 56);
    }
}
