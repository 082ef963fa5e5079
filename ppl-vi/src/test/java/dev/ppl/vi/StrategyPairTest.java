package dev.ppl.vi;

import org.junit.jupiter.api.Tag;
import static dev.ppl.vi.Unbiased.assertUnbiased;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.continuous.Beta;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.dist.discrete.Poisson;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every ordered pair of strategies: a first choice with one strategy and a later choice that
 * depends on it with another, against exact gradients of closed forms.
 */
@Tag("statistical")
class StrategyPairTest {
    static final List<Strategy> DISCRETE = List.of(Strategies.REINFORCE, Strategies.ENUM, Strategies.ENUM_PARALLEL, Strategies.MVD);
    static final List<Strategy> CONTINUOUS = List.of(Strategies.REPARAM, Strategies.REINFORCE);

    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    static List<Arguments> discreteThenContinuous() {
        return DISCRETE.stream().flatMap(a -> CONTINUOUS.stream().map(b -> Arguments.of(a, b))).toList();
    }

    static List<Arguments> continuousThenDiscrete() {
        return CONTINUOUS.stream().flatMap(a -> List.of(Strategies.REINFORCE, Strategies.MVD).stream()
                .map(b -> Arguments.of(a, b))).toList();
    }

    /** Continuous first strategies, baselines included (fresh stateful instances per pair). */
    static List<Strategy> continuousFirsts() {
        return List.of(Strategies.REPARAM, Strategies.REINFORCE, Strategies.reinforce(() -> c(0.5)),
                Strategies.movingAverageBaseline(0.8));
    }

    static List<Arguments> continuousThenEnumerable() {
        return continuousFirsts().stream().flatMap(a -> DISCRETE.stream().map(b -> Arguments.of(a, b))).toList();
    }

    static List<Arguments> continuousThenContinuous() {
        return CONTINUOUS.stream().flatMap(a -> CONTINUOUS.stream().map(b -> Arguments.of(a, b))).toList();
    }

    static List<Arguments> discreteThenDiscrete() {
        return DISCRETE.stream().flatMap(a -> DISCRETE.stream().map(b -> Arguments.of(a, b))).toList();
    }

    /** b ~ Bern(sigmoid(t1)); x ~ N(t2 + 2b, 1); value x^2 + 3b: E = sum_b p(b) ((t2 + 2b)^2 + 1 + 3b). */
    @ParameterizedTest(name = "{0} then {1}")
    @MethodSource("discreteThenContinuous")
    void discreteThenDependentContinuous(Strategy first, Strategy second) {
        Var t1 = Var.param(Nd4j.scalar(0.3)), t2 = Var.param(Nd4j.scalar(-0.4));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> {
            Var p = t1.sigmoid();
            Var e1 = t2.add(2.0).square().add(4.0);
            Var e0 = t2.square().add(1.0);
            return p.mul(e1).add(p.rsub(1.0).mul(e0));
        }, List.of(t1, t2));
        Expectation<Void> e = Expectation.<Void>of((ctx, a) -> {
            Var b = ctx.sample("b", Bernoulli.ofLogits(t1));
            Var x = ctx.sample("x", Normal.of(t2.add(b.mul(2.0)), c(1)));
            return x.square().add(b.mul(3.0));
        }).withStrategy("b", first).withStrategy("x", second);
        assertUnbiased(first.name() + " then " + second.name(), e, null, List.of(t1, t2), exact, 2500, 11);
    }

    /** x ~ N(mu, 1); k ~ Poisson(exp(x)); value k + x: E = exp(mu + 1/2) + mu. */
    @ParameterizedTest(name = "{0} then {1}")
    @MethodSource("continuousThenDiscrete")
    void continuousThenDependentDiscrete(Strategy first, Strategy second) {
        Var mu = Var.param(Nd4j.scalar(0.2));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> mu.add(0.5).exp().add(mu), List.of(mu));
        Expectation<Void> e = Expectation.<Void>of((ctx, a) -> {
            Var x = ctx.sample("x", Normal.of(mu, c(1)));
            Var k = ctx.sample("k", Poisson.of(x.exp()));
            return k.add(x);
        }).withStrategy("x", first).withStrategy("k", second);
        assertUnbiased(first.name() + " then " + second.name(), e, null, List.of(mu), exact, 4000, 12);
    }

    /** b1 ~ Bern(p); b2 ~ Bern(b1 ? q1 : q0); value 2 b1 + 5 b2 - 3 b1 b2. */
    @ParameterizedTest(name = "{0} then {1}")
    @MethodSource("discreteThenDiscrete")
    void discreteThenDependentDiscrete(Strategy first, Strategy second) {
        Var lp = Var.param(Nd4j.scalar(-0.2)), lq1 = Var.param(Nd4j.scalar(0.9)), lq0 = Var.param(Nd4j.scalar(-1.1));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> {
            Var p = lp.sigmoid(), q1 = lq1.sigmoid(), q0 = lq0.sigmoid();
            // b1 = 1: 2 + (5 - 3) q1 ; b1 = 0: 5 q0
            return p.mul(q1.mul(2.0).add(2.0)).add(p.rsub(1.0).mul(q0.mul(5.0)));
        }, List.of(lp, lq1, lq0));
        Expectation<Void> e = Expectation.<Void>of((ctx, a) -> {
            Var b1 = ctx.sample("b1", Bernoulli.ofLogits(lp));
            Var logit2 = b1.mul(lq1).add(b1.rsub(1.0).mul(lq0));
            Var b2 = ctx.sample("b2", Bernoulli.ofLogits(logit2));
            return b1.mul(2.0).add(b2.mul(5.0)).sub(b1.mul(b2).mul(3.0));
        }).withStrategy("b1", first).withStrategy("b2", second);
        assertUnbiased(first.name() + " then " + second.name(), e, null, List.of(lp, lq1, lq0), exact, 2500, 13);
    }

    /**
     * x ~ Beta(e^a, e^b) (implicit reparameterization or score function); c ~ Bern(x) with a
     * finite-support strategy; value 3c + x^2 + c x. With m1 = E[x], m2 = E[x^2]: E = 3 m1 + 2 m2.
     */
    @ParameterizedTest(name = "{0} then {1}")
    @MethodSource("continuousThenEnumerable")
    void continuousThenDependentEnumerable(Strategy first, Strategy second) {
        Var la = Var.param(Nd4j.scalar(0.4)), lb = Var.param(Nd4j.scalar(0.1));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> {
            Var a = la.exp(), b = lb.exp(), sum = a.add(b);
            Var m1 = a.div(sum);
            Var m2 = m1.mul(a.add(1.0)).div(sum.add(1.0));
            return m1.mul(3.0).add(m2.mul(2.0));
        }, List.of(la, lb));
        Expectation<Void> e = Expectation.<Void>of((ctx, args) -> {
            Var x = ctx.sample("x", Beta.of(la.exp(), lb.exp()));
            Var coin = ctx.sample("c", Bernoulli.ofProbs(x));
            return coin.mul(3.0).add(x.square()).add(coin.mul(x));
        }).withStrategy("x", first).withStrategy("c", second);
        assertUnbiased(first.name() + " then " + second.name(), e, null, List.of(la, lb), exact, 2500, 14);
    }

    /** x ~ N(mu, 1); y ~ N(x, e^s); value y^2: E = mu^2 + 1 + e^{2s}. */
    @ParameterizedTest(name = "{0} then {1}")
    @MethodSource("continuousThenContinuous")
    void continuousThenDependentContinuous(Strategy first, Strategy second) {
        Var mu = Var.param(Nd4j.scalar(0.6)), ls = Var.param(Nd4j.scalar(-0.3));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> mu.square().add(1.0).add(ls.mul(2.0).exp()), List.of(mu, ls));
        Expectation<Void> e = Expectation.<Void>of((ctx, args) -> {
            Var x = ctx.sample("x", Normal.of(mu, c(1)));
            return ctx.sample("y", Normal.of(x, ls.exp())).square();
        }).withStrategy("x", first).withStrategy("y", second);
        assertUnbiased(first.name() + " then " + second.name(), e, null, List.of(mu, ls), exact, 3000, 15);
    }
}
