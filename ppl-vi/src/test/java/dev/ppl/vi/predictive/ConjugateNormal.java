package dev.ppl.vi.predictive;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.dist.continuous.Normal;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * \(\mu \sim N(0, 1)\), \(y_i \sim N(\mu, \sigma^2)\) in plate {@code data} of \(n\) with observed
 * \(y\). Exact posterior \(N(m, s^2)\): \(s^2 = 1/(1 + n/\sigma^2)\), \(m = s^2 \sum_i y_i/\sigma^2\);
 * posterior predictive of each \(y_i\): mean \(m\), variance \(s^2 + \sigma^2\), and
 * \(\mathrm{cov}(y_i, y_j) = s^2\) for \(i \ne j\) (they share \(\mu\)).
 */
final class ConjugateNormal {
    static final double SIGMA = 0.5;
    static final double[] Y = {0.9, 1.4, 0.3, 1.1, 0.8};
    static final int N_DATA = Y.length;

    static final GenerativeFunction<Void, Var> MODEL = Gen.fn("conjugate", (ctx, a) -> {
        Var mu = ctx.sample("mu", Normal.of(0.0, 1.0));
        return ctx.plate("data", N_DATA, () -> ctx.sample("y", Normal.of(mu, Var.scalar(SIGMA, DataType.DOUBLE))));
    });

    /** The exact posterior as a guide. */
    static final GenerativeFunction<Void, Var> POSTERIOR = Gen.fn("posterior",
            (ctx, a) -> ctx.sample("mu", Normal.of(postMean(), Math.sqrt(postVar()))));

    /** The prior as a (wrong) guide: the planted bug "latents from the prior". */
    static final GenerativeFunction<Void, Var> PRIOR = Gen.fn("prior", (ctx, a) -> ctx.sample("mu", Normal.of(0.0, 1.0)));

    private ConjugateNormal() {}

    static double postVar() {
        return 1 / (1 + N_DATA / (SIGMA * SIGMA));
    }

    static double postMean() {
        double s = 0;
        for (double y : Y) {
            s += y;
        }
        return postVar() * s / (SIGMA * SIGMA);
    }

    static double predictiveVar() {
        return postVar() + SIGMA * SIGMA;
    }

    static Var observed() {
        return Var.constant(Nd4j.createFromArray(Y));
    }
}
