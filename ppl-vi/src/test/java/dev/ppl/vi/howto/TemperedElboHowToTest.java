package dev.ppl.vi.howto;

import static dev.ppl.vi.Unbiased.assertUnbiased;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.Unbiased;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.objectives.VariationalProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The example of docs/how-to/custom-objective.md: a tempered ELBO
 * \(L_\beta = E_q[\log p(x \mid z) + \beta(\log p(z) - \log q(z))]\) (the \(\beta\)-VAE objective,
 * Higgins et al. 2017), an objective the library does not ship, written as a user would.
 */
class TemperedElboHowToTest {
    static final double SIGMA = 0.8, X = 1.3;

    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    final Var m = Var.param(Nd4j.scalar(-0.3));
    final Var logS = Var.param(Nd4j.scalar(Math.log(0.6)));
    final GenerativeFunction<Void, Var> prior = Gen.fn("prior", (ctx, a) -> ctx.sample("z", Normal.of(c(0), c(1))));
    final GenerativeFunction<Void, Var> guide = Gen.fn("guide", List.of(m, logS), (ctx, a) -> ctx.sample("z", Normal.of(m, logS.exp())));

    /** The how-to's program. */
    Expectation<Void> tempered(double beta) {
        return Expectation.of((ctx, a) -> {
            Trace<Void, ?> q = ctx.simulate(guide, null);
            Var z = q.choices().get("z");
            Var logLik = Normal.of(z, c(SIGMA)).logDensity(c(X)).sum();
            Var logPrior = ctx.density(prior, q.choices(), null);
            return logLik.add(logPrior.sub(q.score()).mul(beta));
        });
    }

    /** Closed form: \(E_q \log p(x|z) + \beta(E_q \log p(z) + H(q))\) for \(q = N(m, s^2)\). */
    Var exact(double beta) {
        double log2pi = Math.log(2 * Math.PI);
        Var s2 = logS.mul(2.0).exp();
        Var lik = m.rsub(X).square().add(s2).div(-2 * SIGMA * SIGMA).sub(0.5 * log2pi + Math.log(SIGMA));
        Var logPrior = m.square().add(s2).mul(-0.5).sub(0.5 * log2pi);
        Var entropy = logS.add(0.5 * (1 + log2pi));
        return lik.add(logPrior.add(entropy).mul(beta));
    }

    @Test
    void temperedElboIsUnbiasedForItsValueAndGradient() {
        for (double beta : new double[] {0.25, 2.0}) {
            assertUnbiased("tempered ELBO, beta " + beta, tempered(beta), null, List.of(m, logS),
                    Unbiased.Exact.of(() -> exact(beta), List.of(m, logS)), 1500, 5);
        }
    }

    @Test
    void atBetaOneItIsTheLibrarysElbo() {
        GenerativeFunction<Void, Var> model = Gen.fn("model", (ctx, a) -> {
            Var z = ctx.sample("z", Normal.of(c(0), c(1)));
            return ctx.sample("x", Normal.of(z, c(SIGMA)));
        });
        Expectation<Void> elbo = Objectives.elbo(VariationalProblem.of(model, guide, ChoiceMap.of("x", Nd4j.scalar(X))));
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(elbo.estimate(Rng.of(seed), null), tempered(1.0).estimate(Rng.of(seed), null), 1e-12);
        }
    }
}
