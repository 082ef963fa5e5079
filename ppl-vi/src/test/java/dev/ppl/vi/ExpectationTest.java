package dev.ppl.vi;

import static dev.ppl.vi.Unbiased.assertUnbiased;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.core.plate.Plate;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.strategy.Strategies;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Costs, nesting, plates, particles, generative functions inside objectives, and errors. */
class ExpectationTest {
    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    @Test
    void enumAndParallelEnumGiveIdenticalValuesAndGradients() {
        Var lp = Var.param(Nd4j.scalar(-0.2)), lq1 = Var.param(Nd4j.scalar(0.9)), lq0 = Var.param(Nd4j.scalar(-1.1));
        Expectation<Void> e = Expectation.of((ctx, a) -> {
            Var b1 = ctx.sample("b1", Bernoulli.ofLogits(lp));
            Var b2 = ctx.sample("b2", Bernoulli.ofLogits(b1.mul(lq1).add(b1.rsub(1.0).mul(lq0))));
            return b1.mul(2.0).add(b2.mul(5.0)).sub(b1.mul(b2).mul(3.0));
        });
        List<Var> ps = List.of(lp, lq1, lq0);
        GradientEstimate seq = e.withStrategy(dev.ppl.core.Selection.all(), Strategies.ENUM).gradEstimate(Rng.of(1), null, ps);
        GradientEstimate par = e.withStrategy(dev.ppl.core.Selection.all(), Strategies.ENUM_PARALLEL).gradEstimate(Rng.of(2), null, ps);
        assertEquals(seq.value(), par.value(), 1e-12);
        for (Var p : ps) {
            assertEquals(seq.gradients().get(p).getDouble(0), par.gradients().get(p).getDouble(0), 1e-12);
        }
    }

    @Test
    void enumAndParallelEnumAreIdenticalOnPerElementChoicesOfAPlate() {
        Var l = Var.param(Nd4j.createFromArray(0.3, -0.5, 1.2, 0.0));
        Var w = Var.param(Nd4j.createFromArray(1.0, -2.0, 0.5, 3.0));
        Expectation<Void> e = Expectation.of((ctx, a) -> ctx.plate("data", 4, () -> {
            Var b = ctx.sample("b", Bernoulli.ofLogits(l));
            Var d = ctx.sample("d", Bernoulli.ofLogits(w.mul(b).sub(0.5)));
            ctx.addCost(b.mul(3.0).add(d.mul(w)).sub(b.mul(d)));
            return Var.constant(Nd4j.scalar(0.0));
        }));
        List<Var> ps = List.of(l, w);
        GradientEstimate seq = e.withStrategy(dev.ppl.core.Selection.all(), Strategies.ENUM).gradEstimate(Rng.of(1), null, ps);
        GradientEstimate par = e.withStrategy(dev.ppl.core.Selection.all(), Strategies.ENUM_PARALLEL).gradEstimate(Rng.of(2), null, ps);
        assertEquals(seq.value(), par.value(), 1e-12);
        for (Var p : ps) {
            assertArrayEquals(seq.gradients().get(p).toDoubleVector(), par.gradients().get(p).toDoubleVector(), 1e-12);
        }
    }

    @Test
    void aScoreTermMultipliesOnlyCostsRecordedAfterItsChoice() {
        // cost 7 recorded before b has no effect on b's gradient; the estimate stays unbiased,
        // and moving the cost after b keeps the mean but adds variance
        Var logit = Var.param(Nd4j.scalar(0.4));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> logit.sigmoid().mul(4.0).sub(1.0).add(7.0), List.of(logit));
        Expectation<Void> before = Expectation.<Void>of((ctx, a) -> {
            ctx.addCost(c(7));
            return ctx.sample("b", Bernoulli.ofLogits(logit)).mul(4.0).sub(1.0);
        }).withStrategy("b", Strategies.REINFORCE);
        Expectation<Void> after = Expectation.<Void>of((ctx, a) -> {
            Var b = ctx.sample("b", Bernoulli.ofLogits(logit));
            ctx.addCost(c(7));
            return b.mul(4.0).sub(1.0);
        }).withStrategy("b", Strategies.REINFORCE);
        assertUnbiased("cost before", before, null, List.of(logit), exact, 2000, 21);
        assertUnbiased("cost after", after, null, List.of(logit), exact, 2000, 22);
        double varBefore = gradientVariance(before, logit), varAfter = gradientVariance(after, logit);
        assertTrue(varBefore < varAfter, "variance with the cost before " + varBefore + ", after " + varAfter);
    }

    private static double gradientVariance(Expectation<Void> e, Var p) {
        org.apache.commons.math3.stat.descriptive.SummaryStatistics s = new org.apache.commons.math3.stat.descriptive.SummaryStatistics();
        for (Rng k : Rng.of(23).split(500)) {
            s.addValue(e.gradEstimate(k, null, List.of(p)).gradients().get(p).getDouble(0));
        }
        return s.getVariance();
    }

    @Test
    void nestedExpectationsAreUnbiased() {
        // E_b[ b * E_x[x^2] + b ] with x ~ N(mu, 1), b ~ Bern(sigmoid(l)): p (mu^2 + 1) + p
        Var mu = Var.param(Nd4j.scalar(0.5)), l = Var.param(Nd4j.scalar(-0.3));
        Expectation<Void> inner = Expectation.of((ctx, a) -> ctx.sample("x", Normal.of(mu, c(1))).square());
        Expectation<Void> outer = Expectation.<Void>of((ctx, a) -> {
            Var b = ctx.sample("b", Bernoulli.ofLogits(l));
            return b.mul(ctx.expect("inner", inner, null)).add(b);
        });
        Unbiased.Exact exact = Unbiased.Exact.of(() -> l.sigmoid().mul(mu.square().add(2.0)), List.of(mu, l));
        assertUnbiased("nested, REINFORCE outside", outer, null, List.of(mu, l), exact, 3000, 24);
        assertUnbiased("nested, ENUM outside", outer.withStrategy("b", Strategies.ENUM), null, List.of(mu, l), exact, 1500, 25);
    }

    @Test
    void nestedExpectationsWithMultiShotStrategiesInsideAreUnbiased() {
        // E_b[ b * E_k[2k + 1] + b ], k ~ Bern(sigmoid(m)) inside, b ~ Bern(sigmoid(l)) outside: p (2q + 2)
        Var m = Var.param(Nd4j.scalar(0.7)), l = Var.param(Nd4j.scalar(-0.3));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> l.sigmoid().mul(m.sigmoid().mul(2.0).add(2.0)), List.of(m, l));
        for (var inside : List.of(Strategies.ENUM, Strategies.MVD, Strategies.ENUM_PARALLEL)) {
            Expectation<Void> inner = Expectation.<Void>of((ctx, a) -> ctx.sample("k", Bernoulli.ofLogits(m)).mul(2.0).add(1.0))
                    .withStrategy("k", inside);
            for (var outside : List.of(Strategies.REINFORCE, Strategies.MVD)) {
                Expectation<Void> outer = Expectation.<Void>of((ctx, a) -> {
                    Var b = ctx.sample("b", Bernoulli.ofLogits(l));
                    return b.mul(ctx.expect("inner", inner, null)).add(b);
                }).withStrategy("b", outside);
                assertUnbiased("nested, " + inside.name() + " inside " + outside.name(), outer, null, List.of(m, l), exact, 1500, 27);
            }
        }
    }

    @Test
    void platesFormScoreTermsPerElement() {
        // four independent data points: b_i ~ Bern(sigmoid(l_i)), value 3 b_i - 1 per element
        Var l = Var.param(Nd4j.createFromArray(0.3, -0.5, 1.2, 0.0));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> l.sigmoid().mul(3.0).sub(1.0).sum(), List.of(l));
        for (var s : List.of(Strategies.REINFORCE, Strategies.ENUM, Strategies.ENUM_PARALLEL, Strategies.MVD)) {
            Expectation<Void> e = Expectation.<Void>of((ctx, a) -> ctx.plate("data", 4, () -> {
                ctx.addCost(ctx.sample("b", Bernoulli.ofLogits(l)).mul(3.0).sub(1.0));
                return Var.constant(Nd4j.scalar(0.0));
            })).withStrategy("b", s);
            assertUnbiased("plate " + s.name(), e, null, List.of(l), exact, 2000, 26);
        }
    }

    @Test
    void particlesAverageIndependentEstimates() {
        Var mu = Var.param(Nd4j.scalar(0.7));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> mu.square().add(1.0), List.of(mu));
        Expectation<Void> e = Expectation.<Void>of((ctx, a) -> ctx.sample("x", Normal.of(mu, c(1))).square())
                .withStrategy("x", Strategies.REINFORCE);
        assertUnbiased("particles(8)", e.particles(8), null, List.of(mu), exact, 400, 27);
        assertTrue(gradientVariance(e.particles(8), mu) < gradientVariance(e, mu) / 3);
        assertThrows(IllegalArgumentException.class, () -> e.particles(0));
    }

    @Test
    void estimateEqualsTheValueOfGradEstimateForTheSameKey() {
        Var mu = Var.param(Nd4j.scalar(0.7));
        Expectation<Void> e = Expectation.of((ctx, a) -> ctx.sample("x", Normal.of(mu, c(1))).square());
        assertEquals(e.estimate(Rng.of(5), null), e.gradEstimate(Rng.of(5), null, List.of(mu)).value(), 0.0);
    }

    @Test
    void anElboOverGenerativeFunctionsIsUnbiasedAndExactAtThePosterior() {
        // model z ~ N(0,1), y ~ N(z, 1), y = 1; guide z ~ N(m, exp(s)); posterior N(1/2, 1/2)
        GenerativeFunction<Void, Var> model = Gen.fn("model", (ctx, a) -> {
            Var z = ctx.sample("z", Normal.of(c(0), c(1)));
            return ctx.sample("y", Normal.of(z, c(1)));
        });
        Var m = Var.param(Nd4j.scalar(0.5)), s = Var.param(Nd4j.scalar(0.5 * Math.log(0.5)));
        GenerativeFunction<Void, Var> guide = Gen.fn("guide", List.of(m, s), (ctx, a) -> ctx.sample("z", Normal.of(m, s.exp())));
        dev.ppl.core.ChoiceMap obs = dev.ppl.core.ChoiceMap.of("y", Nd4j.scalar(1.0));
        Expectation<Void> elbo = Expectation.of((ctx, a) -> {
            Trace<Void, Var> q = ctx.simulate(guide, null);
            return ctx.density(model, q.choices().merge(obs), null).sub(q.score());
        });
        double logPy = new org.apache.commons.math3.distribution.NormalDistribution(0, Math.sqrt(2)).logDensity(1.0);
        // at the exact posterior the ELBO equals log p(y) with zero variance
        assertEquals(logPy, elbo.estimate(Rng.of(1), null), 1e-9);
        assertEquals(logPy, elbo.estimate(Rng.of(2), null), 1e-9);
        // the gradient is zero in expectation (a single estimate keeps the score term of log q)
        assertUnbiased("ELBO at the posterior", elbo, null, guide.params(),
                new Unbiased.Exact(logPy, new double[][] {{0.0}, {0.0}}), 1000, 28);
    }

    @Test
    void aStrategyThatDoesNotApplyIsAnErrorNamingTheAddress() {
        Expectation<Void> e = Expectation.<Void>of((ctx, a) -> ctx.sample("x", Normal.of(c(0), c(1))))
                .withStrategy("x", Strategies.ENUM);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.estimate(Rng.of(1), null));
        assertTrue(ex.getMessage().contains("'x'") && ex.getMessage().contains("ENUM") && ex.getMessage().contains("Normal"),
                ex.getMessage());
    }

    @Test
    void defaultsArePathwiseWhereReparameterizableAndOverridesFollowInstanceThenAddress() {
        var normal = Normal.of(c(0), c(1));
        var bern = Bernoulli.ofLogits(c(0));
        assertEquals(Strategies.REPARAM, Strategies.defaultFor(normal));
        assertEquals(Strategies.REINFORCE, Strategies.defaultFor(bern));
        assertEquals(Strategies.ENUM, Strategies.defaultFor(Strategies.with(bern, Strategies.ENUM)));
        // an instance annotated with ENUM gives the exact (zero-variance) value 4p - 1 = 1 at p = 1/2
        Expectation<Void> e = Expectation.of((ctx, a) ->
                ctx.sample("b", Strategies.with(Bernoulli.ofLogits(c(0)), Strategies.ENUM)).mul(4.0).sub(1.0));
        assertEquals(1.0, e.estimate(Rng.of(1), null), 1e-12);
        assertEquals(1.0, e.estimate(Rng.of(2), null), 1e-12);
        // a per-address override wins over the instance annotation
        Expectation<Void> sampled = e.withStrategy("b", Strategies.REINFORCE);
        double v = sampled.estimate(Rng.of(3), null);
        assertTrue(v == 3.0 || v == -1.0, "a sampled value, got " + v);
    }

    @Test
    void sampleAddressesMustBeUniqueWithinARun() {
        Expectation<Void> e = Expectation.of((ctx, a) -> {
            ctx.sample("x", Normal.of(c(0), c(1)));
            return ctx.sample("x", Normal.of(c(0), c(1)));
        });
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.estimate(Rng.of(1), null));
        assertTrue(ex.getMessage().contains("'x'"), ex.getMessage());
    }

    @Test
    void aPlateGuideGivesPerElementScores() {
        GenerativeFunction<Void, Var> guide = Plate.of("guide", 3, (ctx, a) ->
                ctx.sample("z", Normal.of(Var.constant(Nd4j.zeros(DataType.DOUBLE, 3)), c(1))));
        java.util.concurrent.atomic.AtomicReference<Var> scores = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Var> draws = new java.util.concurrent.atomic.AtomicReference<>();
        Expectation<Void> e = Expectation.of((ctx, a) -> {
            Trace<Void, Var> q = ctx.simulate(guide, null);
            draws.set(q.retval());
            scores.set(Plate.elementScores(q));
            ctx.plate("guide", 3, () -> {
                ctx.addCost(scores.get());
                return null;
            });
            return Var.constant(Nd4j.scalar(0.0));
        });
        Var t = e.surrogate(Rng.of(4), null);
        assertArrayEquals(new long[] {}, t.shape(), "the surrogate sums the data points");
        assertArrayEquals(new long[] {3}, scores.get().shape(), "one score per element");
        org.apache.commons.math3.distribution.NormalDistribution n01 = new org.apache.commons.math3.distribution.NormalDistribution(0, 1);
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            double expected = n01.logDensity(draws.get().value().getDouble(i));
            assertEquals(expected, scores.get().value().getDouble(i), 1e-12, "score of element " + i);
            sum += expected;
        }
        assertEquals(sum, t.item(), 1e-12);
    }
}
