package dev.ppl.vi;

import static dev.ppl.vi.Unbiased.assertUnbiased;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.dist.discrete.Categorical;
import dev.ppl.dist.discrete.Geometric;
import dev.ppl.dist.discrete.Poisson;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Each strategy alone, on a continuous and on discrete examples with exact expectations. */
@Tag("statistical")
class SingleStrategyTest {
    static Var param(double... v) {
        return Var.param(v.length == 1 ? Nd4j.scalar(v[0]) : Nd4j.createFromArray(v));
    }

    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    @Test
    void gaussianSecondMomentWithReparamAndReinforce() {
        Var mu = param(0.7), logSigma = param(-0.3);
        // E[x^2 + x] = mu^2 + sigma^2 + mu
        Unbiased.Exact exact = Unbiased.Exact.of(() -> mu.square().add(logSigma.mul(2.0).exp()).add(mu), List.of(mu, logSigma));
        for (Strategy s : List.of(Strategies.REPARAM, Strategies.REINFORCE, Strategies.reinforce(1.0))) {
            Expectation<Void> e = Expectation.<Void>of((ctx, a) -> {
                Var x = ctx.sample("x", Normal.of(mu, logSigma.exp()));
                return x.square().add(x);
            }).withStrategy("x", s);
            assertUnbiased(s.name(), e, null, List.of(mu, logSigma), exact, s == Strategies.REPARAM ? 500 : 3000, 1);
        }
    }

    @Test
    void bernoulliWithReinforceEnumParallelEnumAndMvd() {
        Var logit = param(0.4);
        // f(1) = 3, f(0) = -1: E = 4p - 1
        Unbiased.Exact exact = Unbiased.Exact.of(() -> logit.sigmoid().mul(4.0).sub(1.0), List.of(logit));
        for (Strategy s : List.of(Strategies.REINFORCE, Strategies.ENUM, Strategies.ENUM_PARALLEL, Strategies.MVD)) {
            Expectation<Void> e = Expectation.<Void>of((ctx, a) -> {
                Var b = ctx.sample("b", Bernoulli.ofLogits(logit));
                return b.mul(4.0).sub(1.0);
            }).withStrategy("b", s);
            assertUnbiased(s.name(), e, null, List.of(logit), exact, 2000, 2);
        }
    }

    @Test
    void categoricalWithReinforceEnumAndMvd() {
        Var logits = param(0.2, -0.5, 1.0);
        double[] f = {2.0, -1.0, 0.5};
        Var fv = Var.constant(Nd4j.createFromArray(f));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> logits.softmax(0).mul(fv).sum(), List.of(logits));
        for (Strategy s : List.of(Strategies.REINFORCE, Strategies.ENUM, Strategies.ENUM_PARALLEL, Strategies.MVD)) {
            Expectation<Void> e = Expectation.<Void>of((ctx, a) -> {
                Var k = ctx.sample("k", Categorical.ofLogits(logits));
                // f(k) as a polynomial through the three points: broadcast-safe for parallel enumeration
                return k.square().mul(2.25).sub(k.mul(5.25)).add(2.0);
            }).withStrategy("k", s);
            assertUnbiased(s.name(), e, null, List.of(logits), exact, 3000, 3);
        }
    }

    @Test
    void poissonAndGeometricWithReinforceAndMvd() {
        Var logRate = param(0.3);
        // E[k^2] for Poisson = rate + rate^2
        Unbiased.Exact poisson = Unbiased.Exact.of(() -> logRate.exp().add(logRate.exp().square()), List.of(logRate));
        Var logitP = param(0.5);
        // failures before the first success: E[k] = (1-p)/p
        Unbiased.Exact geometric = Unbiased.Exact.of(() -> logitP.sigmoid().rdiv(1.0).sub(1.0), List.of(logitP));
        for (Strategy s : List.of(Strategies.REINFORCE, Strategies.MVD)) {
            Expectation<Void> ep = Expectation.<Void>of((ctx, a) -> ctx.sample("k", Poisson.of(logRate.exp())).square())
                    .withStrategy("k", s);
            assertUnbiased("Poisson " + s.name(), ep, null, List.of(logRate), poisson, 3000, 4);
            Expectation<Void> eg = Expectation.<Void>of((ctx, a) -> ctx.sample("k", Geometric.ofProbs(logitP.sigmoid())))
                    .withStrategy("k", s);
            assertUnbiased("Geometric " + s.name(), eg, null, List.of(logitP), geometric, 3000, 5);
        }
    }
}
