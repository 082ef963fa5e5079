package dev.ppl.vi;

import static dev.ppl.vi.Unbiased.assertUnbiased;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Programs that mix one value per data point with global quantities: a global cost next to
 * per-point costs in a declared plate counts once in the objective, not once per data point, and
 * a global choice's score term multiplies the whole continuation once; without the plate the local
 * bits are one joint choice (enumerated jointly, coupled coordinate-wise by MVD).
 * Model: \(z \sim \mathrm{Bern}(\sigma(a))\) (one global choice), \(b_i \sim \mathrm{Bern}(\sigma(l_i + w z))\),
 * \(i = 1..4\); value \(\sum_i c_i b_i + 2z\) with \(2z\) a scalar cost (or the per-point part as costs).
 */
@Tag("statistical")
class PlateValuesTest {
    static final double[] C = {1.0, -2.0, 0.5, 3.0};
    final Var a = Var.param(Nd4j.scalar(0.3));
    final Var l = Var.param(Nd4j.createFromArray(0.2, -0.7, 1.1, 0.0));
    final Var w = Var.param(Nd4j.scalar(-0.9));
    final Var c = Var.constant(Nd4j.createFromArray(C));

    List<Var> params() {
        return List.of(a, l, w);
    }

    Var exact() {
        Var pz = a.sigmoid();
        Var given1 = l.add(w).sigmoid().mul(c).sum().add(2.0);
        Var given0 = l.sigmoid().mul(c).sum();
        return pz.mul(given1).add(pz.rsub(1.0).mul(given0));
    }

    /** The local choices in a declared plate, each point's cost inside it, the global cost after it. */
    Expectation<Void> perPointReturnWithScalarCost(Strategy global, Strategy local) {
        return Expectation.<Void>of((ctx, args) -> {
            Var z = ctx.sample("z", Bernoulli.ofLogits(a));
            ctx.plate("data", 4, () -> {
                Var b = ctx.sample("b", Bernoulli.ofLogits(l.add(w.mul(z))));
                ctx.addCost(b.mul(c));
                return null;
            });
            ctx.addCost(z.mul(2.0));
            return Var.constant(Nd4j.scalar(0.0));
        }).withStrategy("z", global).withStrategy("b", local);
    }

    /** No plate: the four local bits are one joint choice, the value the sum over them plus the global cost. */
    Expectation<Void> scalarReturnWithPerPointCosts(Strategy global, Strategy local) {
        return Expectation.<Void>of((ctx, args) -> {
            Var z = ctx.sample("z", Bernoulli.ofLogits(a));
            Var b = ctx.sample("b", Bernoulli.ofLogits(l.add(w.mul(z))));
            ctx.addCost(b.mul(c).sum());
            return z.mul(2.0);
        }).withStrategy("z", global).withStrategy("b", local);
    }

    @Test
    void aScalarCostNextToPerPointValuesCountsOnce() {
        Expectation<Void> e = perPointReturnWithScalarCost(Strategies.ENUM, Strategies.ENUM);
        assertEquals(exact().item(), e.estimate(Rng.of(1), null), 1e-12, "exact by enumeration");
        assertEquals(exact().item(), scalarReturnWithPerPointCosts(Strategies.ENUM, Strategies.ENUM).estimate(Rng.of(1), null), 1e-12);
        assertEquals(exact().item(), e.raoBlackwellize().estimate(Rng.of(1), null), 1e-12);
    }

    @Test
    void globalAndPerPointScoreTermsAreUnbiasedInEveryArrangement() {
        Unbiased.Exact exact = Unbiased.Exact.of(this::exact, params());
        for (Strategy global : List.of(Strategies.REINFORCE, Strategies.MVD)) {
            for (Strategy local : List.of(Strategies.REINFORCE, Strategies.ENUM, Strategies.MVD)) {
                String what = global.name() + " then " + local.name();
                assertUnbiased(what + ", scalar cost", perPointReturnWithScalarCost(global, local), null, params(), exact, 1500, 71);
                assertUnbiased(what + ", per-point costs", scalarReturnWithPerPointCosts(global, local), null, params(), exact, 1500, 72);
            }
        }
        assertUnbiased("REINFORCE, tracked", perPointReturnWithScalarCost(Strategies.REINFORCE, Strategies.REINFORCE).raoBlackwellize(),
                null, params(), exact, 1500, 73);
    }
}
