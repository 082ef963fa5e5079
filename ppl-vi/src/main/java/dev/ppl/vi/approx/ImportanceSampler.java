package dev.ppl.vi.approx;

import static dev.ppl.vi.approx.SiteDensities.logMeanExp;
import static dev.ppl.vi.approx.SiteDensities.under;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.core.Trace;
import dev.ppl.dist.discrete.Categorical;
import dev.ppl.vi.ExpectationContext;

/**
 * Importance sampling for a {@link Target} with \(K\) particles \(x_k \sim q\) (the model's prior or
 * a custom proposal) and weights \(w_k = p(x_k, y)/q(x_k)\), run inside an objective: particle
 * \(k\) is drawn under {@code ns/k}, the resampled index under {@code ns/index}, each choice with its
 * strategy (override them, e.g. with {@code SAMPLE_ONLY}, to treat the sampler as a fixed
 * proposal). Estimates:
 * <ul>
 *   <li>{@link #logNormalizer}: \(\log \hat Z\), \(\hat Z = \frac1K \sum_k w_k\), \(E[\hat Z] = Z\), so
 *       \(E[\log \hat Z] \le \log Z\) (the IWELBO);</li>
 *   <li>{@link #sample}: sampling importance resampling: \(x = x_I\), \(P(I = k) \propto w_k\), with
 *       \(\log \hat Z\) of its particles; \(\hat Z / p(x, y)\) is an unbiased estimate of
 *       \(1/q_{\mathrm{SIR}}(x)\), the reciprocal density of the resampled particle;</li>
 *   <li>{@link #logReciprocalNormalizer}: given an exact posterior sample \(x_1 \sim \pi\), the
 *       conditional sampler with \(x_2, \dots, x_K \sim q\) gives \(-\log \hat Z\) with
 *       \(E[1/\hat Z] = 1/Z\), so \(E[\log \hat Z] \ge \log Z\) (an upper bound).</li>
 * </ul>
 */
public final class ImportanceSampler<A> implements PosteriorSampler<A> {
    private final Target<A> target;
    private final GenerativeFunction<A, ?> proposal;
    private final int k;

    ImportanceSampler(Target<A> target, GenerativeFunction<A, ?> proposal, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("importance sampling for '" + target.model().name()
                    + "' needs at least 1 particle, got K = " + k);
        }
        this.target = target;
        this.proposal = proposal;
        this.k = k;
    }

    /** The target. */
    @Override
    public Target<A> target() {
        return target;
    }

    /** The number of particles \(K\). */
    @Override
    public int particles() {
        return k;
    }

    /** \(\log \hat Z = \log \frac1K \sum_k w_k\), an unbiased estimate of \(Z = p(y)\) after exponentiation. */
    public Var logNormalizer(ExpectationContext ctx, String namespace, A args) {
        Var[] lw = new Var[k];
        for (int i = 0; i < k; i++) {
            lw[i] = particle(ctx, under(namespace, Integer.toString(i)), args, null);
        }
        return logMeanExp(lw);
    }

    /** One particle resampled in proportion to its weight, and \(\log \hat Z\) of the \(K\) particles. */
    @Override
    public Sample sample(ExpectationContext ctx, String namespace, A args) {
        Var[] lw = new Var[k];
        ChoiceMap[] latents = new ChoiceMap[k];
        for (int i = 0; i < k; i++) {
            ChoiceMap[] out = new ChoiceMap[1];
            lw[i] = particle(ctx, under(namespace, Integer.toString(i)), args, out);
            latents[i] = out[0];
        }
        Var logZ = logMeanExp(lw);
        if (k == 1) {
            return new Sample(latents[0], logZ);
        }
        Var[] same = new Var[k];
        for (int i = 0; i < k; i++) {
            same[i] = lw[i].cast(lw[0].dtype());
        }
        Var index = ctx.sample(under(namespace, "index"), Categorical.ofLogits(Var.stack(0, same)));
        return new Sample(latents[(int) Math.round(index.item())], logZ);
    }

    /**
     * \(-\log \hat Z\) of the conditional sampler whose first particle is {@code posteriorSample}
     * (under {@code ns/0}) and whose other \(K - 1\) are fresh: \(E[1/\hat Z] = 1/Z\) when
     * {@code posteriorSample} is an exact draw from \(\pi\) (e.g. the latents of a joint simulation
     * of the model whose observations are the simulated ones).
     */
    public Var logReciprocalNormalizer(ExpectationContext ctx, String namespace, ChoiceMap posteriorSample, A args) {
        Var[] lw = new Var[k];
        lw[0] = givenWeight(ctx, under(namespace, "0"), posteriorSample, args);
        for (int i = 1; i < k; i++) {
            lw[i] = particle(ctx, under(namespace, Integer.toString(i)), args, null);
        }
        return logMeanExp(lw).neg();
    }

    /** A fresh particle under {@code ns}: its log weight, its latents into {@code out[0]} if given. */
    private Var particle(ExpectationContext ctx, String ns, A args, ChoiceMap[] out) {
        ChoiceMap y = target.observations(args);
        if (proposal == null) {
            Generated<A, ?> g = ctx.generate(ns, target.model(), y, args);
            if (out != null) {
                out[0] = g.trace().choices().filter(a -> !y.has(a));
            }
            return g.weight();
        }
        Trace<A, ?> q = ctx.simulate(ns, proposal, args);
        if (out != null) {
            out[0] = q.choices();
        }
        Var logP = target.logJoint(ctx, q.choices(), args);
        return logP.sub(q.score().cast(logP.dtype()));
    }

    /** The log weight of the given latents \(x\): \(\log p(y \mid x)\) for the prior, \(\log p(x, y) - \log q(x)\) otherwise. */
    private Var givenWeight(ExpectationContext ctx, String ns, ChoiceMap x, A args) {
        ChoiceMap y = target.observations(args);
        if (proposal == null) {
            Generated<A, ?> g = ctx.generate(ns, target.model(), x.merge(y), args);
            return SiteDensities.selected(g.trace(), y::has, "importance sampling for '" + target.model().name() + "'");
        }
        Var logP = target.logJoint(ctx, x, args);
        return logP.sub(ctx.density(ns, proposal, x, args).cast(logP.dtype()));
    }
}
