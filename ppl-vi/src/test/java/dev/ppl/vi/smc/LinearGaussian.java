package dev.ppl.vi.smc;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.combinators.Unfold;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.approx.Target;
import dev.ppl.vi.objectives.VariationalProblem;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 1-D linear-Gaussian state-space model, \(x_0 \sim N(0, 1)\), \(x_t = a x_{t-1} + N(0, q)\),
 * \(y_t = x_t + N(0, r)\) for \(t = 1, \dots, T\), as an unfold of \(T + 1\) steps (step 0 draws
 * \(x_0\), step \(t \ge 1\) draws \(x_t\) and \(y_t\)), with \(y\) simulated from a fixed seed and
 * \(\log p(y_{1:T})\) computed by a Kalman filter in plain doubles (independent of the library).
 * The guide kernel is the locally optimal proposal \(p(x_t \mid x_{t-1}, y_t)\) shifted by a
 * parameter {@code bias} and with standard deviation \(e^{\text{logSd}}\) (the prior at step 0).
 */
final class LinearGaussian {
    static final double A = 0.9, Q = 0.5, R = 1.0;
    static final int T = 10;
    static final double POST_VAR = 1.0 / (1.0 / Q + 1.0 / R);

    final double[] y = new double[T + 1]; // y[0] unused
    final Var bias;
    final Var logSd;
    final GenerativeFunction<Unfold.Step<Var>, Var> kernel;
    final GenerativeFunction<Unfold.Step<Var>, Var> guideKernel;
    /** The same guide over the whole sequence (choices {@code t/x}), for the ELBO and the IWELBO. */
    final GenerativeFunction<Var, Var> sequenceGuide;
    final Unfold<Var> model;
    final ChoiceMap observations;

    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    /** The model with observations simulated from {@code seed} and a guide of the given bias and sd. */
    LinearGaussian(long seed, double guideBias, double guideSd) {
        Random r = new Random(seed);
        double x = r.nextGaussian();
        ChoiceMap.Builder obs = ChoiceMap.builder();
        for (int t = 1; t <= T; t++) {
            x = A * x + Math.sqrt(Q) * r.nextGaussian();
            y[t] = x + Math.sqrt(R) * r.nextGaussian();
            obs.put(t + "/y", Nd4j.scalar(y[t]));
        }
        observations = obs.build();
        kernel = Gen.fn("lgss-step", (ctx, step) -> {
            if (step.t() == 0) {
                return ctx.sample("x", Normal.of(0.0, 1.0));
            }
            Var xt = ctx.sample("x", Normal.of(step.state().mul(A), c(Math.sqrt(Q))));
            ctx.sample("y", Normal.of(xt, c(Math.sqrt(R))));
            return xt;
        });
        bias = Var.param(Nd4j.scalar(guideBias));
        logSd = Var.param(Nd4j.scalar(Math.log(guideSd)));
        guideKernel = Gen.fn("lgss-guide", List.of(bias, logSd), (ctx, step) -> ctx.sample("x", guideAt(step.t(), step.state())));
        sequenceGuide = Gen.fn("lgss-sequence-guide", List.of(bias, logSd), (ctx, init) -> {
            Var prev = init;
            for (int t = 0; t <= T; t++) {
                prev = ctx.sample(t + "/x", guideAt(t, prev));
            }
            return prev;
        });
        model = Unfold.of(kernel, T + 1);
    }

    /** The guide's distribution of \(x_t\) given \(x_{t-1}\): the prior at step 0. */
    private Normal guideAt(int t, Var prev) {
        if (t == 0) {
            return Normal.of(0.0, 1.0);
        }
        Var mean = prev.mul(A / Q).add(y[t] / R).mul(POST_VAR).add(bias);
        return Normal.of(mean, logSd.exp());
    }

    /** A guide at the locally optimal proposal (bias 0, the exact conditional sd). */
    static LinearGaussian optimalGuide(long seed) {
        return new LinearGaussian(seed, 0.0, Math.sqrt(POST_VAR));
    }

    Var init() {
        return c(0.0);
    }

    Target<Var> target() {
        return Target.of(model, observations);
    }

    VariationalProblem<Var> problem() {
        return VariationalProblem.of(model, sequenceGuide, observations);
    }

    List<Var> params() {
        return List.of(bias, logSd);
    }

    /** \(\log p(y_{1:T})\) by the Kalman filter. */
    double logEvidence() {
        double m = 0, p = 1, lp = 0;
        for (int t = 1; t <= T; t++) {
            m = A * m;
            p = A * A * p + Q;
            double s = p + R;
            lp += -0.5 * Math.log(2 * Math.PI * s) - 0.5 * (y[t] - m) * (y[t] - m) / s;
            double gain = p / s;
            m += gain * (y[t] - m);
            p = (1 - gain) * p;
        }
        return lp;
    }
}
