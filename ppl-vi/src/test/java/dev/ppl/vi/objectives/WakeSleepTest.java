package dev.ppl.vi.objectives;

import static dev.ppl.vi.approx.HierarchicalNormal.Y;
import static dev.ppl.vi.approx.HierarchicalNormal.c;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.Unbiased;
import dev.ppl.vi.approx.HierarchicalNormal;
import dev.ppl.vi.approx.ImportanceSampler;
import dev.ppl.vi.approx.Target;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reweighted wake-sleep on \(z \sim N(\mu, 1)\), \(y \mid z \sim N(z, 1)\), \(y = 0.7\), with the guide
 * \(q = N(m, e^s)\) as SIR proposal (\(K = 5\)). The wake objectives' expected values and gradients,
 * \(E[\sum_k \bar w_k f(z_k)]\) for \(f = \log p(z, y)\), \(\partial_\mu \log p = z - \mu\),
 * \(\log q\), \(\partial_m \log q = (z - m)/\sigma^2\), \(\partial_s \log q = (z - m)^2/\sigma^2 - 1\), are
 * computed by plain Monte Carlo with \(4 \cdot 10^5\) particle sets (standard errors ~30 times smaller
 * than the tests'). The sleep objective is checked against its closed form.
 */
class WakeSleepTest {
    static final double MU = 0.2, M = -0.2, SD = 0.8;
    static final int K = 5;

    final Var mu = Var.param(Nd4j.scalar(MU)), m = Var.param(Nd4j.scalar(M)), s = Var.param(Nd4j.scalar(Math.log(SD)));
    final GenerativeFunction<Void, Var> model = Gen.fn("model", List.of(mu), (ctx, a) -> {
        Var z = ctx.sample("z", Normal.of(mu, c(1)));
        return ctx.sample("y", Normal.of(z, c(1)));
    });
    final GenerativeFunction<Void, Var> guide = Gen.fn("guide", List.of(m, s), (ctx, a) -> ctx.sample("z", Normal.of(m, s.exp())));
    final ImportanceSampler<Void> posterior = Target.of(model, ChoiceMap.of("y", c(Y))).importance(guide, K);

    static double logNormal(double x, double mean, double sd) {
        double d = (x - mean) / sd;
        return -0.5 * d * d - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
    }

    /** {@code [E log p, E d/dmu, E log q, E d/dm, E d/ds]} of the resampled particle, by plain Monte Carlo. */
    static double[] reference(int sets, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] sum = new double[5];
        double[] z = new double[K], lw = new double[K];
        for (int n = 0; n < sets; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < K; k++) {
                z[k] = M + SD * gaussian(rng);
                lw[k] = logNormal(z[k], MU, 1) + logNormal(Y, z[k], 1) - logNormal(z[k], M, SD);
                max = Math.max(max, lw[k]);
            }
            double total = 0;
            for (int k = 0; k < K; k++) {
                total += Math.exp(lw[k] - max);
            }
            for (int k = 0; k < K; k++) {
                double w = Math.exp(lw[k] - max) / total, e = (z[k] - M) / SD;
                sum[0] += w * (logNormal(z[k], MU, 1) + logNormal(Y, z[k], 1));
                sum[1] += w * (z[k] - MU);
                sum[2] += w * logNormal(z[k], M, SD);
                sum[3] += w * e / SD;
                sum[4] += w * (e * e - 1);
            }
        }
        for (int i = 0; i < 5; i++) {
            sum[i] /= sets;
        }
        return sum;
    }

    static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    static void check(String what, Expectation<Void> e, List<Var> params, Unbiased.Exact exact, int n, long seed) {
        double r = Unbiased.worstRatio(e, null, params, exact, n, seed);
        System.out.printf("%s: worst |mean - reference| = %.2f x 4 SE%n", what, r);
        assertTrue(r <= 1, what + ": an estimate is " + r + " times 4 standard errors from the reference");
    }

    @Test
    void pWakeAndQWakeMatchTheReweightedExpectations() {
        double[] ref = reference(400_000, 601);
        check("PWake", WakeSleep.pWake(posterior), List.of(mu), new Unbiased.Exact(ref[0], new double[][] {{ref[1]}}), 400, 602);
        check("QWake", WakeSleep.qWake(posterior, guide), List.of(m, s),
                new Unbiased.Exact(ref[2], new double[][] {{ref[3]}, {ref[4]}}), 400, 603);
        // the checks can fail: without reweighting (K = 1) the expected gradients are far from the references
        double unweightedMu = M - MU, unweightedM = 0;
        System.out.printf("reference d/dmu %.4f (unweighted %.4f), d/dm %.4f (unweighted %.4f)%n", ref[1], unweightedMu, ref[3], unweightedM);
        assertTrue(Math.abs(ref[1] - unweightedMu) > 0.2 && Math.abs(ref[3] - unweightedM) > 0.2, "reweighting matters here");
    }

    @Test
    void theSleepObjectiveMatchesItsClosedForm() {
        // guide q(z; y) = N(alpha y + beta, e^t); E_p[log q] = -log(2 pi)/2 - t - E[(z - alpha y - beta)^2] / (2 e^{2t}),
        // with z ~ N(0, 1), y = z + N(0, 1): E[(z - alpha y - beta)^2] = 1 - 2 alpha + 2 alpha^2 + beta^2
        Var alpha = Var.param(Nd4j.scalar(0.3)), beta = Var.param(Nd4j.scalar(0.1)), t = Var.param(Nd4j.scalar(Math.log(0.9)));
        GenerativeFunction<Var, Var> amortized = Gen.fn("amortized", List.of(alpha, beta, t),
                (ctx, y) -> ctx.sample("z", Normal.of(alpha.mul(y).add(beta), t.exp())));
        GenerativeFunction<Void, Var> prior = new HierarchicalNormal(0, 1, 1).model;
        Expectation<Void> sleep = WakeSleep.sleep(prior, Selection.of("z"), amortized, (a, y) -> y.get("y"));
        List<Var> params = List.of(alpha, beta, t);
        Unbiased.Exact exact = Unbiased.Exact.of(() -> {
            Var mse = alpha.mul(-2.0).add(alpha.square().mul(2.0)).add(beta.square()).add(1.0);
            return mse.div(t.mul(2.0).exp().mul(-2.0)).sub(t).sub(0.5 * Math.log(2 * Math.PI));
        }, params);
        check("sleep", sleep, params, exact, 400, 604);
    }
}
