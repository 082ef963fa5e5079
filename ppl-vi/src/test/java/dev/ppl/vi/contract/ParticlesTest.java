package dev.ppl.vi.contract;

import static dev.ppl.vi.contract.Exact.sigmoid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.objectives.VariationalProblem;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rule 5: {@code particles(n)} is one run of the program inside a particle plate left of the
 * program's own plates; each particle an independent draw; the estimate their mean.
 */
@Tag("statistical")
class ParticlesTest {
    @Test
    void particlesOfAGlobalBesideAPlateAreUnbiasedForEveryStrategyPair() {
        Var a = DimensionsContractTest.param(0.3), l = DimensionsContractTest.param(0.2, -0.7, 1.1);
        Var w = DimensionsContractTest.param(-0.9);
        Exact exact = Exact.of(List.of(a, l, w), GlobalAndLocals::exact);
        List<Strategy> all = List.of(Strategies.REINFORCE, Strategies.ENUM, Strategies.MVD, Strategies.ENUM_PARALLEL);
        long seed = 100;
        for (Strategy global : all) {
            for (Strategy local : all) {
                Expectation<Void> e = GlobalAndLocals.program(a, l, w, global, local).particles(4);
                String what = "particles(4), " + global.name() + " global, " + local.name() + " local";
                boolean exactOnly = (global == Strategies.ENUM || global == Strategies.ENUM_PARALLEL)
                        && (local == Strategies.ENUM || local == Strategies.ENUM_PARALLEL);
                if (exactOnly) {
                    exact.assertExact(what, e, null);
                } else {
                    exact.assertUnbiased(what, e, null, 400, seed++);
                }
            }
        }
    }

    @Test
    void theProgramRunsOnceForAllParticlesAndTheirDrawsAreIndependent() {
        Var mu = Var.param(Nd4j.scalar(0.4));
        AtomicInteger runs = new AtomicInteger();
        Expectation<Void> e = Expectation.<Void>of((ctx, x) -> {
            runs.incrementAndGet();
            return ctx.sample("x", Normal.of(mu, Var.constant(Nd4j.scalar(1.0)))).square();
        });
        e.particles(16).estimate(Rng.of(1), null);
        int first = runs.get();
        Expectation<Void> p16 = e.particles(16);
        p16.estimate(Rng.of(2), null);
        int before = runs.get();
        p16.estimate(Rng.of(3), null);
        assertEquals(1, runs.get() - before, "one run per estimate once the plate nesting is known");
        assertTrue(first <= 2, "the first estimate is one sampling run (the nesting) and one run, got " + first);
        SummaryStatistics one = new SummaryStatistics(), sixteen = new SummaryStatistics();
        for (Rng k : Rng.of(4).split(400)) {
            one.addValue(e.estimate(k, null));
            sixteen.addValue(p16.estimate(k, null));
        }
        double ratio = one.getVariance() / sixteen.getVariance();
        assertTrue(ratio > 10 && ratio < 25, "variance ratio " + ratio + " of 1 and 16 particles, expected about 16");
        Exact exact = Exact.of(List.of(mu), t -> t[0] * t[0] + 1);
        exact.assertUnbiased("particles(16) of E[x^2]", p16, null, 400, 5);
        exact.assertUnbiased("particlesInSequence(16) of E[x^2]", e.particlesInSequence(16), null, 200, 6);
    }

    @Test
    void particlesOfAnElboWithAnEnumeratedGuideStayExact() {
        Var alpha = Var.param(Nd4j.scalar(-0.4)), phi = Var.param(Nd4j.scalar(0.7));
        GenerativeFunction<Void, Var> model = Gen.fn("model", (ctx, x) -> {
            Var z = ctx.sample("z", Bernoulli.ofLogits(alpha));
            return ctx.sample("x", Normal.of(z.mul(2.0).sub(1.0), Var.constant(Nd4j.scalar(1.0))));
        });
        GenerativeFunction<Void, Var> guide = Gen.fn("guide", (ctx, x) -> ctx.sample("z", Bernoulli.ofLogits(phi)));
        VariationalProblem<Void> p = VariationalProblem.of(model, guide, ChoiceMap.of("x", Var.constant(Nd4j.scalar(0.3))));
        Exact exact = Exact.of(List.of(alpha, phi), t -> {
            double total = 0;
            for (int z = 0; z < 2; z++) {
                double q = z == 1 ? sigmoid(t[1]) : 1 - sigmoid(t[1]);
                double logP = Math.log(z == 1 ? sigmoid(t[0]) : 1 - sigmoid(t[0])) - 0.5 * Math.pow(0.3 - (2 * z - 1), 2)
                        - 0.5 * Math.log(2 * Math.PI);
                total += q * (logP - Math.log(q));
            }
            return total;
        });
        Expectation<Void> elbo = Objectives.elbo(p);
        exact.assertExact("particles(3), ENUM_PARALLEL guide", elbo.withStrategy("z", Strategies.ENUM_PARALLEL).particles(3), null);
        exact.assertUnbiased("particles(8), REINFORCE guide", elbo.withStrategy("z", Strategies.REINFORCE).particles(8), null,
                1500, 7);
    }
}
