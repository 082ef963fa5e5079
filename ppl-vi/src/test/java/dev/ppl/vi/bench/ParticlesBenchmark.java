package dev.ppl.vi.bench;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.core.plate.Plate;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.approx.Marginal;
import dev.ppl.vi.objectives.HierarchicalObjectives;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.objectives.PerDataPoint;
import dev.ppl.vi.objectives.VariationalProblem;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The cost of {@code particles(64)} (one run inside a particle plate) against the same
 * objective batched by hand (model and guide written as a plate of 64 copies, estimate divided
 * by 64) and against one run per particle ({@code particlesInSequence(64)}), on a 2-D model:
 * \(z \sim N(0, I_2)\), \(y \mid z \sim N(z, I_2)\), \(y = (0.7, -0.3)\); guide \(N(m, e^{s})\) for the
 * ELBO; hierarchical guide \(u \sim N(0, I_2)\), \(z \sim N(m + a \odot u, e^{s})\) with \(K = 4\)
 * auxiliary samples for IWHVI and DIWHVI (\(N = 4\) outer samples). Milliseconds per
 * {@code gradEstimate}, medians of interleaved rounds, and the ratio to the hand-batched program.
 * Run with {@code mvn -B -q -pl ppl-vi test-compile exec:exec@bench-particles} (add
 * {@code -Dbench.args=--quick} for a smoke run).
 */
public final class ParticlesBenchmark {
    private static final int P = 64;

    private ParticlesBenchmark() {}

    private static Var c(double v) {
        return Var.constant(Nd4j.scalar(DataType.FLOAT, v));
    }

    private final Var m = Var.param(Nd4j.createFromArray(0.1f, -0.2f));
    private final Var s = Var.param(Nd4j.createFromArray(-0.5f, -0.4f));
    private final Var a = Var.param(Nd4j.createFromArray(0.6f, 0.3f));

    /** The problem for {@code copies} independent copies in a plate (1: no plate). */
    private VariationalProblem<Void> problem(int copies, boolean hierarchical) {
        long[] shape = copies == 1 ? new long[] {2} : new long[] {copies, 2};
        Var zeros = Var.constant(Nd4j.zeros(DataType.FLOAT, shape));
        Var y = Var.constant(Nd4j.createFromArray(0.7f, -0.3f));
        GenerativeFunction<Void, Var> model = wrap("copies", copies, (ctx, x) -> {
            Var z = ctx.sample("z", Normal.of(zeros, c(1)).toEvent(1));
            return ctx.sample("y", Normal.of(z, c(1)).toEvent(1));
        });
        GenerativeFunction<Void, ?> guide;
        if (!hierarchical) {
            guide = wrap("copies", copies, (ctx, x) -> ctx.sample("z", Normal.of(zeros.add(m), s.exp()).toEvent(1)));
        } else {
            GenerativeFunction<Void, Var> joint = wrap("copies", copies, (ctx, x) -> {
                Var u = ctx.sample("u", Normal.of(zeros, c(1)).toEvent(1));
                return ctx.sample("z", Normal.of(u.mul(a).add(m), s.exp()).toEvent(1));
            });
            guide = Marginal.of(joint, Selection.of("z"), 4);
        }
        ChoiceMap obs = ChoiceMap.of("y", copies == 1 ? y.value() : y.value().broadcast(copies, 2).dup());
        return VariationalProblem.of(model, guide, obs);
    }

    private static GenerativeFunction<Void, Var> wrap(String name, int copies, dev.ppl.core.dynamic.DynamicFunction.Body<Void, Var> body) {
        return copies == 1 ? dev.ppl.core.Gen.fn(name, body) : Plate.of(name, copies, body);
    }

    private void row(String name, Expectation<Void> single, Expectation<Void> hand, int reps) {
        List<Var> params = List.of(m, s, a);
        Expectation<Void> vectorized = single.particles(P);
        Expectation<Void> sequential = single.particlesInSequence(P);
        Runnable lib = () -> vectorized.gradEstimate(Rng.of(1), null, params);
        Runnable seq = () -> sequential.gradEstimate(Rng.of(1), null, params);
        Runnable byHand = () -> hand.gradEstimate(Rng.of(1), null, params);
        int rounds = 7;
        double[] tv = new double[rounds], ts = new double[rounds], th = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            tv[r] = time(lib, reps);
            th[r] = time(byHand, reps);
            ts[r] = time(seq, Math.max(1, reps / 16));
        }
        Arrays.sort(tv);
        Arrays.sort(ts);
        Arrays.sort(th);
        System.out.printf("%-8s particles(64) %8.2f ms   hand-batched plate of 64 %8.2f ms   ratio %.2f   "
                + "particlesInSequence(64) %8.2f ms (%.1fx)%n", name, tv[3], th[3], tv[3] / th[3], ts[3], ts[3] / th[3]);
    }

    private static double time(Runnable r, int n) {
        for (int i = 0; i < 3; i++) {
            r.run();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            r.run();
        }
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    /** Entry point; {@code --quick} for a smoke run. */
    public static void main(String[] args) {
        int reps = args.length > 0 && args[0].equals("--quick") ? 3 : 40;
        ParticlesBenchmark b = new ParticlesBenchmark();
        b.row("ELBO", Objectives.elbo(b.problem(1, false)), Objectives.elbo(b.problem(P, false)), reps);
        b.row("IWHVI", HierarchicalObjectives.iwhvi(b.problem(1, true)), HierarchicalObjectives.iwhvi(b.problem(P, true)), reps);
        // DIWHVI per copy: the per-data-point IWELBO over the plate of copies
        b.row("DIWHVI", HierarchicalObjectives.diwhvi(b.problem(1, true), 4), PerDataPoint.iwelbo(b.problem(P, true), 4), reps);
    }
}
