package dev.ppl.vi.objectives;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Trace;
import dev.ppl.core.plate.Frame;
import dev.ppl.core.plate.Plate;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.ExpectationContext;

/**
 * Objective programs that return one bound <em>per data point</em> (shape {@code [n]}) for a
 * problem whose model and guide are plates over a minibatch with one latent per data point. With
 * \(w_{ik} = p(x_i, z_{ik}) / q(z_{ik} \mid x_i)\) and \(z_{i1..iK} \sim q(\cdot \mid x_i)\):
 * <ul>
 *   <li>{@link #elbo}: \(\log w_{i1}\);</li>
 *   <li>{@link #iwelbo}: \(\log \frac1K \sum_k w_{ik}\) (IWAE, Burda et al. 2016);</li>
 *   <li>{@link #renyi}: \(\frac{1}{1-\alpha} \log \frac1K \sum_k w_{ik}^{1-\alpha}\) (Li and Turner 2016).</li>
 * </ul>
 * {@link Objectives} returns the bound of the whole minibatch as one scalar, which for the ELBO
 * equals the sum of these, but for \(K > 1\) treats the batch as a single data point
 * (\(\log \frac1K \sum_k \prod_i w_{ik}\)), a much looser bound; these keep the particles per data
 * point, as IWAE does (the engine sums the returned values over the data points). Per-point
 * values also let multi-shot strategies (ENUM, MVD) and REINFORCE form their terms per data
 * point. Written with the public API only: the guide's
 * per-point log density is {@link Plate#elementScores} of its simulated trace, the model's that
 * of the trace {@code generate} builds with every choice constrained (no randomness is drawn).
 */
public final class PerDataPoint {
    private PerDataPoint() {}

    /** The ELBO per data point. */
    public static <A> Expectation<A> elbo(VariationalProblem<A> problem) {
        return Expectation.of((ctx, args) -> {
            Frame[] plate = new Frame[1];
            Var w = logWeight(ctx, problem, args, null, plate);
            return perPoint(ctx, plate, w);
        });
    }

    /** The importance-weighted bound with {@code k} particles per data point. */
    public static <A> Expectation<A> iwelbo(VariationalProblem<A> problem, int k) {
        requireParticles(k);
        return Expectation.of((ctx, args) -> {
            Frame[] plate = new Frame[1];
            return perPoint(ctx, plate, logMeanExp(logWeights(ctx, problem, args, k, 1.0, plate)));
        });
    }

    /** The Rényi bound with parameter {@code alpha} (not 1) and {@code k} particles per data point. */
    public static <A> Expectation<A> renyi(VariationalProblem<A> problem, double alpha, int k) {
        requireParticles(k);
        if (alpha == 1.0 || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("renyi: alpha must be finite and not 1 (alpha = 1 is the ELBO), got " + alpha);
        }
        double r = 1.0 - alpha;
        return Expectation.of((ctx, args) -> {
            Frame[] plate = new Frame[1];
            return perPoint(ctx, plate, logMeanExp(logWeights(ctx, problem, args, k, r, plate)).div(r));
        });
    }

    /**
     * Adds the per-point values {@code v} as costs inside the guide's plate {@code plate[0]} (each
     * guide choice's score term then multiplies only its own point's bound); returns 0.
     */
    private static Var perPoint(ExpectationContext ctx, Frame[] plate, Var v) {
        Frame f = plate[0];
        ctx.plate(f.name(), f.size(), () -> {
            ctx.addCost(v);
            return null;
        });
        return Var.scalar(0.0, v.dtype());
    }

    private static <A> Var[] logWeights(ExpectationContext ctx, VariationalProblem<A> problem, A args, int k, double power,
            Frame[] plate) {
        Var[] lw = new Var[k];
        for (int i = 0; i < k; i++) {
            Var w = logWeight(ctx, problem, args, k == 1 ? null : Integer.toString(i), plate);
            lw[i] = power == 1.0 ? w : w.mul(power);
        }
        return lw;
    }

    /** \(\log p(x_i, z_i) - \log q(z_i \mid x_i)\) per data point, for one guide simulation. */
    private static <A> Var logWeight(ExpectationContext ctx, VariationalProblem<A> problem, A args, String namespace,
            Frame[] plate) {
        Trace<A, ?> q = namespace == null ? ctx.simulate(problem.guide(), args) : ctx.simulate(namespace, problem.guide(), args);
        Frame f = Plate.frame(q);
        if (plate[0] != null && !plate[0].equals(f)) {
            throw new IllegalArgumentException("per-data-point bound: the guide's simulations are in different plates, "
                    + plate[0] + " and " + f);
        }
        plate[0] = f;
        Trace<A, ?> joint = ctx.generate(null, problem.model(), q.choices().merge(problem.observations().apply(args)), args)
                .trace();
        Var logP = Plate.elementScores(joint);
        return logP.sub(Plate.elementScores(q).cast(logP.dtype()));
    }

    /** \(\log \frac1K \sum_k e^{v_k}\), elementwise over the operands' common shape. */
    private static Var logMeanExp(Var[] v) {
        return Var.logMeanExp(v);
    }

    private static void requireParticles(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("need at least 1 particle, got " + k);
        }
    }
}
