package dev.ppl.vi.contract;

import static dev.ppl.vi.contract.Exact.sigmoid;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.core.plate.Plate;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.objectives.PerDataPoint;
import dev.ppl.vi.objectives.VariationalProblem;
import dev.ppl.vi.strategy.Strategies;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parallel enumeration inside the library's objectives and into nested expectations (rule 4:
 * enumerated values keep their dims through every density, bound and nested estimate). Model
 * \(z \sim \mathrm{Bern}(\sigma(\alpha))\), \(x \sim N(2z - 1, 1)\), guide
 * \(z \sim \mathrm{Bern}(\sigma(\phi))\); exact values by enumeration in plain doubles.
 */
@Tag("statistical")
class EnumerationThroughObjectivesTest {
    static final double X = 0.3;

    static double logNormal(double x, double mean) {
        return -0.5 * (x - mean) * (x - mean) - 0.5 * Math.log(2 * Math.PI);
    }

    static double logBern(int z, double logit) {
        return z == 1 ? Math.log(sigmoid(logit)) : Math.log(1 - sigmoid(logit));
    }

    /** \(\log w(z) = \log p(z) + \log p(x \mid z) - \log q(z)\). */
    static double logW(int z, double alpha, double phi, double x) {
        return logBern(z, alpha) + logNormal(x, 2 * z - 1) - logBern(z, phi);
    }

    final Var alpha = Var.param(Nd4j.scalar(-0.4));
    final Var phi = Var.param(Nd4j.scalar(0.7));

    VariationalProblem<Void> problem() {
        GenerativeFunction<Void, Var> model = Gen.fn("model", List.of(alpha), (ctx, a) -> {
            Var z = ctx.sample("z", Bernoulli.ofLogits(alpha));
            return ctx.sample("x", Normal.of(z.mul(2.0).sub(1.0), Var.constant(Nd4j.scalar(1.0))));
        });
        GenerativeFunction<Void, Var> guide = Gen.fn("guide", List.of(phi), (ctx, a) -> ctx.sample("z", Bernoulli.ofLogits(phi)));
        return VariationalProblem.of(model, guide, ChoiceMap.of("x", Var.constant(Nd4j.scalar(X))));
    }

    @Test
    void theElboWithAnEnumeratedGuideIsExact() {
        Exact exact = Exact.of(List.of(alpha, phi), t -> {
            double total = 0;
            for (int z = 0; z < 2; z++) {
                total += Math.exp(logBern(z, t[1])) * logW(z, t[0], t[1], X);
            }
            return total;
        });
        Expectation<Void> elbo = Objectives.elbo(problem());
        exact.assertExact("ELBO, ENUM_PARALLEL guide", elbo.withStrategy("z", Strategies.ENUM_PARALLEL), null);
        exact.assertExact("ELBO, ENUM guide", elbo.withStrategy("z", Strategies.ENUM), null);
    }

    @Test
    void theIwelboWithEveryParticleEnumeratedIsExact() {
        Exact exact = Exact.of(List.of(alpha, phi), t -> {
            double total = 0;
            for (int z1 = 0; z1 < 2; z1++) {
                for (int z2 = 0; z2 < 2; z2++) {
                    double q = Math.exp(logBern(z1, t[1]) + logBern(z2, t[1]));
                    double w = 0.5 * (Math.exp(logW(z1, t[0], t[1], X)) + Math.exp(logW(z2, t[0], t[1], X)));
                    total += q * Math.log(w);
                }
            }
            return total;
        });
        Expectation<Void> iw = Objectives.iwelbo(problem(), 2);
        exact.assertExact("IWELBO(2), ENUM_PARALLEL", iw.withStrategy(Selection.of("0", "1"), Strategies.ENUM_PARALLEL), null);
        exact.assertExact("IWELBO(2), ENUM", iw.withStrategy(Selection.of("0", "1"), Strategies.ENUM), null);
    }

    @Test
    void thePerDataPointIwelboOverAPlateWithEnumeratedParticlesIsExact() {
        double[] xs = {0.3, -1.2};
        Var phis = Var.param(Nd4j.createFromArray(0.7, -0.5));
        GenerativeFunction<Void, Var> model = Plate.of("data", 2, 1.0, List.of(alpha), (ctx, a) -> {
            Var z = ctx.sample("z", Bernoulli.ofLogits(alpha.broadcastTo(2)));
            return ctx.sample("x", Normal.of(z.mul(2.0).sub(1.0), Var.constant(Nd4j.scalar(1.0))));
        });
        GenerativeFunction<Void, Var> guide = Plate.of("data", 2, 1.0, List.of(phis), (ctx, a) -> ctx.sample("z", Bernoulli.ofLogits(phis)));
        VariationalProblem<Void> p = VariationalProblem.of(model, guide, ChoiceMap.of("x", Var.constant(Nd4j.createFromArray(xs))));
        Exact exact = Exact.of(List.of(alpha, phis), t -> {
            double total = 0;
            for (int i = 0; i < 2; i++) {
                for (int z1 = 0; z1 < 2; z1++) {
                    for (int z2 = 0; z2 < 2; z2++) {
                        double q = Math.exp(logBern(z1, t[1 + i]) + logBern(z2, t[1 + i]));
                        double w = 0.5 * (Math.exp(logW(z1, t[0], t[1 + i], xs[i])) + Math.exp(logW(z2, t[0], t[1 + i], xs[i])));
                        total += q * Math.log(w);
                    }
                }
            }
            return total;
        });
        Expectation<Void> iw = PerDataPoint.iwelbo(p, 2);
        exact.assertExact("per-point IWELBO(2), ENUM_PARALLEL", iw.withStrategy(Selection.of("0", "1"), Strategies.ENUM_PARALLEL), null);
        exact.assertExact("per-point IWELBO(2), ENUM", iw.withStrategy(Selection.of("0", "1"), Strategies.ENUM), null);
        exact.assertUnbiased("per-point IWELBO(2), REINFORCE", iw.withStrategy(Selection.of("0", "1"), Strategies.REINFORCE), null,
                3000, 7);
    }

    @Test
    void anEnumeratedValuePassedIntoANestedExpectationKeepsItsDim() {
        Var a = Var.param(Nd4j.scalar(0.4));
        Var m = Var.param(Nd4j.scalar(-0.3));
        Expectation<Var> inner = Expectation.of((ctx, z) -> {
            Var y = ctx.sample("y", Normal.of(z.add(m), Var.constant(Nd4j.scalar(1.0))));
            return y.square();
        });
        Expectation<Void> outer = Expectation.<Void>of((ctx, x) -> {
            Var z = ctx.sample("z", Bernoulli.ofLogits(a));
            return ctx.expect("inner", inner, z);
        });
        Exact exact = Exact.of(List.of(a, m), t -> {
            double p = sigmoid(t[0]);
            return p * ((1 + t[1]) * (1 + t[1]) + 1) + (1 - p) * (t[1] * t[1] + 1);
        });
        exact.assertUnbiased("ENUM_PARALLEL into a nested expectation", outer.withStrategy("z", Strategies.ENUM_PARALLEL), null,
                3000, 8);
        exact.assertUnbiased("ENUM into a nested expectation", outer.withStrategy("z", Strategies.ENUM), null, 3000, 9);
        exact.assertUnbiased("MVD into a nested expectation", outer.withStrategy("z", Strategies.MVD), null, 3000, 10);
    }
}
