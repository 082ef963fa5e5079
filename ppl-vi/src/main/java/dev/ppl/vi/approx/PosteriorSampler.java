package dev.ppl.vi.approx;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.vi.ExpectationContext;

/**
 * An approximate sampler of a {@link Target}'s posterior \(\pi(x) = p(x, y)/Z\) that runs inside
 * an objective program, its random choices ordinary choices of the objective under a namespace:
 * {@link ImportanceSampler} (sampling importance resampling) or
 * {@code dev.ppl.vi.smc.SmcSampler} (a particle filter followed by drawing one particle by its final
 * weight). Each {@link #sample} also returns \(\log \hat Z\) of the particles it used,
 * \(E[\hat Z] = Z\). The wake-phase objectives of {@code dev.ppl.vi.objectives.WakeSleep} are
 * programs over such a sample.
 *
 * @param <A> the model's argument type
 */
public interface PosteriorSampler<A> {
    /** A sampled particle's latent choices and \(\log \hat Z\) of the particle set it came from. */
    record Sample(ChoiceMap latents, Var logNormalizer) {}

    /** The target. */
    Target<A> target();

    /** The number of particles \(K\). */
    int particles();

    /** One approximate posterior sample, the sampler's choices under {@code namespace}. */
    Sample sample(ExpectationContext ctx, String namespace, A args);
}
