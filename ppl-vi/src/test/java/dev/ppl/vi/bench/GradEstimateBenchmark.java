package dev.ppl.vi.bench;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.core.plate.Plate;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.strategy.Strategies;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Time of one {@code gradEstimate} of a small objective against a hand-written surrogate for the
 * same estimator (same math, written directly with {@code Var} ops), ratio printed:
 * <ol>
 *   <li>the ELBO of a plate of 64 data points, {@code z_i ~ N(0,1), x_i ~ N(z_i, 1)}, with a
 *       mean-field Normal guide and REPARAM;</li>
 *   <li>a plate of 64 Bernoulli choices with REINFORCE, value {@code 3 b_i - 1} per element.</li>
 * </ol>
 * Run with {@code mvn -B -q -pl ppl-vi test-compile exec:exec@bench}.
 */
public final class GradEstimateBenchmark {
    private static final int B = 64;

    private GradEstimateBenchmark() {}

    private static Var c(double v) {
        return Var.constant(Nd4j.scalar(DataType.FLOAT, v));
    }

    /** Entry point; {@code --quick} for a smoke run. */
    public static void main(String[] args) {
        int reps = args.length > 0 && args[0].equals("--quick") ? 50 : 2000;
        Var m = Var.param(Nd4j.zeros(DataType.FLOAT, B)), s = Var.param(Nd4j.zeros(DataType.FLOAT, B));
        INDArray data = Nd4j.linspace(-2, 2, B, DataType.FLOAT);
        GenerativeFunction<Void, Var> model = Plate.of("model", B, (ctx, a) -> {
            Var z = ctx.sample("z", Normal.of(Var.constant(Nd4j.zeros(DataType.FLOAT, B)), c(1)));
            return ctx.sample("x", Normal.of(z, c(1)));
        });
        GenerativeFunction<Void, Var> guide = Plate.of("guide", B, 1.0, List.of(m, s), (ctx, a) ->
                ctx.sample("z", Normal.of(m, s.exp())));
        ChoiceMap obs = ChoiceMap.of("x", data);
        Expectation<Void> elbo = Expectation.of((ctx, a) -> {
            Trace<Void, Var> q = ctx.simulate(guide, null);
            return ctx.density(model, q.choices().merge(obs), null).sub(q.score());
        });
        Var x = Var.constant(data);
        Runnable library = () -> elbo.gradEstimate(Rng.of(1), null, List.of(m, s));
        Runnable hand = () -> {
            INDArray eps = Rng.of(1).normal(DataType.FLOAT, B);
            Var z = m.add(s.exp().mul(Var.constant(eps)));
            Var logq = Normal.of(m, s.exp()).logDensity(z).sum();
            Var logp = Normal.of(c(0), c(1)).logDensity(z).sum().add(Normal.of(z, c(1)).logDensity(x).sum());
            Grad.grad(logp.sub(logq), m, s);
        };
        report("ELBO, plate of 64, REPARAM", library, hand, reps);

        Var l = Var.param(Nd4j.zeros(DataType.FLOAT, B));
        Expectation<Void> reinforce = Expectation.<Void>of((ctx, a) -> ctx.plate("data", B, () -> {
            ctx.addCost(ctx.sample("b", Bernoulli.ofLogits(l)).mul(3.0).sub(1.0));
            return c(0);
        })).withStrategy("b", Strategies.REINFORCE);
        Runnable lib2 = () -> reinforce.gradEstimate(Rng.of(2), null, List.of(l));
        Runnable hand2 = () -> {
            Bernoulli d = Bernoulli.ofLogits(l);
            Var b = d.sample(Rng.of(2));
            Var value = b.mul(3.0).sub(1.0);
            Var lp = d.logDensity(b);
            Grad.grad(value.add(value.stopGradient().mul(lp.sub(lp.stopGradient()))).sum(), l);
        };
        report("REINFORCE, plate of 64 Bernoulli", lib2, hand2, reps);
    }

    private static void report(String name, Runnable library, Runnable hand, int reps) {
        double[] a = new double[7], b = new double[7];
        for (int r = 0; r < 7; r++) {
            a[r] = time(library, reps / 7 + 1);
            b[r] = time(hand, reps / 7 + 1);
        }
        Arrays.sort(a);
        Arrays.sort(b);
        System.out.printf("%-36s library %8.1f us   hand-written surrogate %8.1f us   ratio %.2f%n", name, a[3], b[3], a[3] / b[3]);
    }

    private static double time(Runnable r, int n) {
        for (int i = 0; i < 5; i++) {
            r.run();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            r.run();
        }
        return (System.nanoTime() - t0) / 1e3 / n;
    }
}
