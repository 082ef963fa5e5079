package dev.ppl.vi.contract;

import static dev.ppl.vi.contract.Exact.sigmoid;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.dist.discrete.Categorical;
import dev.ppl.dist.discrete.Geometric;
import dev.ppl.dist.discrete.Poisson;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dimensions contract of the engine (docs/design/vi-engine.md): a batched choice outside
 * every plate is one joint choice, every strategy on it is unbiased against a continuation that
 * couples its coordinates, and the misuses of rule 6 are errors naming the address and the dims.
 * Exact values are closed forms or enumerations in plain doubles ({@link Exact}).
 */
@Tag("statistical")
class DimensionsContractTest {
    static Var param(double... v) {
        return Var.param(Nd4j.createFromArray(v));
    }

    static Var zero() {
        return Var.constant(Nd4j.scalar(0.0));
    }

    // ---- rule 2: a batched choice outside every plate is one joint choice (issue case 1) ----

    /** b ~ Bern(sigmoid(l)), batch [2], no plate; value (b0 + b1)^2 + b0 (couples the coordinates). */
    static Expectation<Void> bernoulliPair(Var l, Strategy s) {
        return Expectation.<Void>of((ctx, a) -> {
            Var b = ctx.sample("b", Bernoulli.ofLogits(l));
            Var sum = b.sum();
            return sum.square().add(b.slice(0, 0, 1).sum());
        }).withStrategy("b", s);
    }

    static double bernoulliPairExact(double[] t) {
        double p0 = sigmoid(t[0]), p1 = sigmoid(t[1]);
        return p0 + p1 + 2 * p0 * p1 + p0;
    }

    @Test
    void aBatchedBernoulliOutsidePlatesIsOneJointChoiceForEveryStrategy() {
        Var l = param(-1.4, 0.85);
        Exact exact = Exact.of(List.of(l), DimensionsContractTest::bernoulliPairExact);
        exact.assertExact("ENUM (joint support of 4)", bernoulliPair(l, Strategies.ENUM), null);
        exact.assertUnbiased("MVD (coordinate-wise)", bernoulliPair(l, Strategies.MVD), null, 3000, 1);
        exact.assertUnbiased("REINFORCE (summed score)", bernoulliPair(l, Strategies.REINFORCE), null, 3000, 2);
    }

    @Test
    void theSameChoiceAsAnEventEnumeratesInParallelOverItsJointSupport() {
        Var l = param(-1.4, 0.85);
        Exact exact = Exact.of(List.of(l), DimensionsContractTest::bernoulliPairExact);
        Expectation<Void> e = Expectation.<Void>of((ctx, a) -> {
            Var b = ctx.sample("b", Bernoulli.ofLogits(l).toEvent(1));
            Var sum = b.sum(false, -1);
            return sum.square().add(b.slice(-1, 0, 1).sum(false, -1));
        });
        exact.assertExact("ENUM_PARALLEL on toEvent(1)", e.withStrategy("b", Strategies.ENUM_PARALLEL), null);
        exact.assertExact("ENUM on toEvent(1)", e.withStrategy("b", Strategies.ENUM), null);
        exact.assertUnbiased("MVD on toEvent(1)", e.withStrategy("b", Strategies.MVD), null, 3000, 3);
    }

    @Test
    void aPerElementMvdIsCaughtByTheSameCheck() {
        Var l = param(-1.4, 0.85);
        Exact exact = Exact.of(List.of(l), DimensionsContractTest::bernoulliPairExact);
        double r = exact.worstRatio(bernoulliPair(l, Mutants.PER_ELEMENT_MVD), null, 3000, 1);
        assertTrue(r > 1, "a planted per-element MVD went undetected: worst ratio " + r);
    }

    @Test
    void poissonGeometricAndCategoricalPairsAreUnbiasedUnderMvd() {
        Var r = param(0.2, -0.5);
        Exact poisson = Exact.of(List.of(r), t -> {
            double a = Math.exp(t[0]), b = Math.exp(t[1]);
            return a + b + a * b;
        });
        Expectation<Void> pe = Expectation.<Void>of((ctx, x) -> {
            Var v = ctx.sample("v", Poisson.of(r.exp()));
            return v.sum().add(v.slice(0, 0, 1).mul(v.slice(0, 1, 2)).sum());
        });
        poisson.assertUnbiased("Poisson MVD", pe.withStrategy("v", Strategies.MVD), null, 3000, 4);

        Var g = param(0.3, -0.2);
        Exact geometric = Exact.of(List.of(g), t -> {
            double m0 = (1 - sigmoid(t[0])) / sigmoid(t[0]), m1 = (1 - sigmoid(t[1])) / sigmoid(t[1]);
            return m0 + m1 + m0 * m1;
        });
        Expectation<Void> ge = Expectation.<Void>of((ctx, x) -> {
            Var v = ctx.sample("v", Geometric.ofProbs(g.sigmoid()));
            return v.sum().add(v.slice(0, 0, 1).mul(v.slice(0, 1, 2)).sum());
        });
        geometric.assertUnbiased("Geometric MVD", ge.withStrategy("v", Strategies.MVD), null, 3000, 5);

        Var logits = Var.param(Nd4j.createFromArray(new double[][] {{0.2, -0.4, 0.9}, {-1.0, 0.3, 0.1}}));
        Exact categorical = Exact.of(List.of(logits), t -> {
            double m0 = categoricalMean(t, 0), m1 = categoricalMean(t, 3);
            return m0 * m1 + m0;
        });
        Expectation<Void> ce = Expectation.<Void>of((ctx, x) -> {
            Var v = ctx.sample("v", Categorical.ofLogits(logits));
            return v.slice(0, 0, 1).mul(v.slice(0, 1, 2)).sum().add(v.slice(0, 0, 1).sum());
        });
        categorical.assertUnbiased("Categorical MVD", ce.withStrategy("v", Strategies.MVD), null, 3000, 6);
        categorical.assertExact("Categorical ENUM (joint support of 9)", ce.withStrategy("v", Strategies.ENUM), null);
    }

    static double categoricalMean(double[] t, int from) {
        double z = 0, m = 0;
        for (int k = 0; k < 3; k++) {
            z += Math.exp(t[from + k]);
            m += k * Math.exp(t[from + k]);
        }
        return m / z;
    }

    // ---- rule 3: a global choice beside a plate of local ones (issue cases 2 and 5) ----

    static final double[] C = GlobalAndLocals.C;

    @Test
    void everyPairOfStrategiesOnAGlobalAndAPlateOfLocalsIsUnbiased() {
        Var a = param(0.3), l = param(0.2, -0.7, 1.1), w = param(-0.9);
        Exact exact = Exact.of(List.of(a, l, w), GlobalAndLocals::exact);
        List<Strategy> all = List.of(Strategies.REINFORCE, Strategies.ENUM, Strategies.MVD, Strategies.ENUM_PARALLEL);
        long seed = 10;
        for (Strategy global : all) {
            for (Strategy local : all) {
                String what = global.name() + " global, " + local.name() + " local";
                Expectation<Void> e = GlobalAndLocals.program(a, l, w, global, local);
                boolean exactStrategies = global != Strategies.REINFORCE && global != Strategies.MVD
                        && local != Strategies.REINFORCE && local != Strategies.MVD;
                if (exactStrategies) {
                    exact.assertExact(what, e, null);
                } else {
                    exact.assertUnbiased(what, e, null, 1200, seed++);
                }
            }
        }
    }

    @Test
    void aPlantedCostReplicationIsCaught() {
        Var a = param(0.3), l = param(0.2, -0.7, 1.1), w = param(-0.9);
        Exact exact = Exact.of(List.of(a, l, w), GlobalAndLocals::exact);
        Var c = Var.constant(Nd4j.createFromArray(C));
        Expectation<Void> replicated = Expectation.<Void>of((ctx, x) -> {
            Var z = ctx.sample("z", Bernoulli.ofLogits(a));
            ctx.plate("data", 3, () -> {
                Var b = ctx.sample("b", Bernoulli.ofLogits(l.add(w.mul(z))));
                ctx.addCost(b.mul(c).add(z.mul(2.0))); // the planted bug: the global cost once per element
                return null;
            });
            return zero();
        }).withStrategy("z", Strategies.ENUM).withStrategy("b", Strategies.ENUM);
        double r = exact.worstRatio(replicated, null, 10, 1);
        assertTrue(r > 1, "a cost replicated over the plate went undetected: " + r);
    }

    /** z ~ Bern(sigmoid(a)) of batch [2] (one joint choice, no plate), then a plate of locals depending on z0 - z1. */
    @Test
    void aJointVectorChoiceBesidePerPointValuesIsNotAPlate() {
        Var a = param(0.4, -0.8), l = param(0.2, -0.7, 1.1), w = param(-0.9);
        Var c = Var.constant(Nd4j.createFromArray(C));
        Exact exact = Exact.of(List.of(a, l, w), t -> {
            double total = 0;
            for (int z0 = 0; z0 < 2; z0++) {
                for (int z1 = 0; z1 < 2; z1++) {
                    double pz = (z0 == 1 ? sigmoid(t[0]) : 1 - sigmoid(t[0])) * (z1 == 1 ? sigmoid(t[1]) : 1 - sigmoid(t[1]));
                    double v = z0 * z1;
                    for (int i = 0; i < 3; i++) {
                        v += C[i] * sigmoid(t[2 + i] + t[5] * (z0 - z1));
                    }
                    total += pz * v;
                }
            }
            return total;
        });
        for (Strategy s : List.of(Strategies.REINFORCE, Strategies.MVD, Strategies.ENUM)) {
            Expectation<Void> e = Expectation.<Void>of((ctx, x) -> {
                Var z = ctx.sample("z", Bernoulli.ofLogits(a));
                Var d = z.slice(0, 0, 1).sub(z.slice(0, 1, 2)).sum();
                ctx.plate("data", 3, () -> {
                    Var b = ctx.sample("b", Bernoulli.ofLogits(l.add(w.mul(d))));
                    ctx.addCost(b.mul(c));
                    return null;
                });
                return z.slice(0, 0, 1).mul(z.slice(0, 1, 2)).sum();
            }).withStrategy("z", s);
            exact.assertUnbiased("joint z with " + s.name(), e, null, 1500, 30 + s.name().length());
        }
    }

    // ---- rule 4: enumeration dims left of the plates (issue case 3) ----

    @Test
    void aGlobalEnumeratedChoiceBeforeALocalOneKeepsItsOwnDim() {
        Var a = param(0.3), l = param(0.2, -0.7, 1.1), w = param(-0.9);
        Exact exact = Exact.of(List.of(a, l, w), GlobalAndLocals::exact);
        exact.assertExact("ENUM_PARALLEL global and local",
                GlobalAndLocals.program(a, l, w, Strategies.ENUM_PARALLEL, Strategies.ENUM_PARALLEL), null);
        exact.assertExact("ENUM_PARALLEL with declared nesting",
                GlobalAndLocals.program(a, l, w, Strategies.ENUM_PARALLEL, Strategies.ENUM_PARALLEL).maxPlateNesting(1), null);
    }

    @Test
    void aNonPlateBatchDimBesideParallelEnumerationIsAnErrorNamingTheDim() {
        Var a = param(0.3), l = param(0.2, -0.7, 0.4);
        Expectation<Void> e = Expectation.<Void>of((ctx, x) -> {
            Var z = ctx.sample("z", Bernoulli.ofLogits(a));
            Var b = ctx.sample("b", Bernoulli.ofLogits(l));
            return b.sum(false, -1).add(z);
        }).withStrategy("z", Strategies.ENUM_PARALLEL).withStrategy("b", Strategies.REINFORCE);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.estimate(Rng.of(1), null));
        assertTrue(ex.getMessage().contains("'b'") && ex.getMessage().contains("[3]") && ex.getMessage().contains("toEvent")
                && ex.getMessage().contains("enumeration dim 0 (size 2)"), ex.getMessage());
    }

    // ---- rule 6: misuse is an error (issue cases 4, 8, 9, 10) ----

    @Test
    void aValueWithDimsOfNoPlateIsAnErrorAndAScalarCostCountsOnce() {
        Var a = param(0.3);
        Expectation<Void> e = Expectation.<Void>of((ctx, x) -> {
            Var z = ctx.sample("z", Bernoulli.ofLogits(a));
            ctx.addCost(z.mul(2.0));
            return Var.constant(Nd4j.zeros(3));
        });
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.estimate(Rng.of(1), null));
        assertTrue(ex.getMessage().contains("[3]") && ex.getMessage().contains("value"), ex.getMessage());
        Exact exact = Exact.of(List.of(a), t -> 2 * sigmoid(t[0]));
        Expectation<Void> ok = Expectation.<Void>of((ctx, x) -> {
            Var z = ctx.sample("z", Bernoulli.ofLogits(a.broadcastTo(1)));
            ctx.addCost(z.mul(2.0));
            return Var.constant(Nd4j.zeros(1));
        });
        exact.assertUnbiased("a [1] cost counted once", ok, null, 3000, 40);
    }

    @Test
    void aCostOutsideAPlateThatCouplesItsElementsIsAnErrorForPerElementRules() {
        Var l = param(0.2, -0.7, 1.1);
        for (Strategy s : List.of(Strategies.MVD, Strategies.ENUM, Strategies.ENUM_PARALLEL)) {
            Expectation<Void> e = Expectation.<Void>of((ctx, x) -> {
                Var b = ctx.plate("data", 3, () -> ctx.sample("b", Bernoulli.ofLogits(l)));
                ctx.addCost(b.sum(true, -1).square().sum());
                return zero();
            }).withStrategy("b", s);
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.estimate(Rng.of(1), null),
                    s.name());
            assertTrue(ex.getMessage().contains("'b'") && ex.getMessage().contains("data"), ex.getMessage());
        }
        Exact exact = Exact.of(List.of(l), t -> {
            double m = 0, v = 0;
            for (double ti : t) {
                m += sigmoid(ti);
                v += sigmoid(ti) * (1 - sigmoid(ti));
            }
            return v + m * m;
        });
        Expectation<Void> reinforce = Expectation.<Void>of((ctx, x) -> {
            Var b = ctx.plate("data", 3, () -> ctx.sample("b", Bernoulli.ofLogits(l)));
            ctx.addCost(b.sum(true, -1).square().sum());
            return zero();
        }).withStrategy("b", Strategies.REINFORCE);
        exact.assertUnbiased("REINFORCE with a coupling cost", reinforce, null, 3000, 41);
    }

    @Test
    void aStrategyOverrideMatchingNoChoiceIsAnErrorNamingIt() {
        Var a = param(0.3);
        Expectation<Void> e = Expectation.<Void>of((ctx, x) -> ctx.sample("z", Bernoulli.ofLogits(a)))
                .withStrategy("zz", Strategies.ENUM);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.estimate(Rng.of(1), null));
        assertTrue(ex.getMessage().contains("\"zz\"") && ex.getMessage().contains("[z]"), ex.getMessage());
    }

    @Test
    void aLearnedBaselineSharingAParameterWithTheObjectiveIsAnError() {
        Var a = param(0.3);
        Expectation<Void> e = Expectation.<Void>of((ctx, x) -> ctx.sample("z", Bernoulli.ofLogits(a)).mul(3.0))
                .withStrategy("z", Strategies.learnedBaseline(() -> a.mul(2.0)));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.gradEstimate(Rng.of(1), null, List.of(a)));
        assertTrue(ex.getMessage().contains("'z'") && ex.getMessage().contains("baseline"), ex.getMessage());
        Var own = param(0.1);
        Exact exact = Exact.of(List.of(a), t -> 3 * sigmoid(t[0]));
        exact.assertUnbiased("a baseline with its own parameter", Expectation.<Void>of((ctx, x) ->
                ctx.sample("z", Bernoulli.ofLogits(a)).mul(3.0)).withStrategy("z", Strategies.learnedBaseline(() -> own.mul(1.0))),
                null, 3000, 42);
    }
}
