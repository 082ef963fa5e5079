package dev.ppl.vi.objectives;

import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.approx.PosteriorSampler;
import dev.ppl.vi.approx.Target;
import dev.ppl.vi.strategy.Strategies;
import java.util.function.BiFunction;

/**
 * Wake-sleep objectives (Hinton et al. 1995; reweighted wake-sleep, Bornschein and Bengio 2015),
 * as programs over an approximate posterior: a particle drawn by its weight from a
 * {@link PosteriorSampler} for a {@link Target} (Becker et al., PLDI 2024): importance sampling
 * ({@code dev.ppl.vi.approx.ImportanceSampler}) or SMC ({@code dev.ppl.vi.smc.SmcSampler}, whose
 * particle trajectories with their final weights approximate the smoothing distribution: RWS with
 * an SMC target, Le et al. 2019). The sampler's choices (namespace {@code "posterior"}) and the
 * dreamed choices ({@code "dream"}) are drawn with {@link Strategies#SAMPLE_ONLY}: the sample is a
 * fixed proposal, not differentiated. All objectives are maximized. For importance sampling, with
 * \(x_1..x_K \sim q\), \(w_k = p_\theta(x_k, y)/q(x_k)\), \(\bar w_k = w_k / \sum_j w_j\) and
 * \(x = x_I\), \(P(I = k) = \bar w_k\) (for SMC, \(x_k\) are the final particles' trajectories and
 * \(\bar w_k\) their final normalized weights; the gradients below are then consistent as
 * \(K \to \infty\), not unbiased):
 * <ul>
 *   <li>{@link #pWake}: \(E[\log p_\theta(x, y)]\), whose gradient estimates
 *       \(\sum_k \bar w_k \nabla_\theta \log p_\theta(x_k, y) = \nabla_\theta \log \hat Z\), the model
 *       gradient of the IWELBO (unbiased for \(\nabla_\theta E[\mathrm{IWELBO}_K]\) when \(q\) does not
 *       depend on \(\theta\));</li>
 *   <li>{@link #qWake}: \(E[\log q_\phi(x)]\), gradient \(\sum_k \bar w_k \nabla_\phi \log q_\phi(x_k)\),
 *       which tends to \(-\nabla_\phi \mathrm{KL}(p(x \mid y) \,\|\, q_\phi)\) as \(K \to \infty\);</li>
 *   <li>{@link #sleep}: \(E_{(x, y) \sim p_\theta}[\log q_\phi(x; y)]\), the guide fitted to the model's
 *       own samples: \(-E_y[\mathrm{KL}(p(x \mid y) \,\|\, q_\phi(x; y))]\) up to a constant.</li>
 * </ul>
 */
public final class WakeSleep {
    private WakeSleep() {}

    /** The namespace of the approximate posterior's choices. */
    public static final String POSTERIOR = "posterior";
    /** The namespace of the sleep phase's simulated model choices. */
    public static final String DREAM = "dream";

    /** The wake-phase model objective \(E_{x \sim \mathrm{SIR}}[\log p_\theta(x, y)]\). */
    public static <A> Expectation<A> pWake(PosteriorSampler<A> posterior) {
        Target<A> target = posterior.target();
        return Expectation.<A>of((ctx, args) -> target.logJoint(ctx, posterior.sample(ctx, POSTERIOR, args).latents(), args))
                .withStrategy(POSTERIOR, Strategies.SAMPLE_ONLY);
    }

    /**
     * The wake-phase guide objective \(E_{x \sim \mathrm{SIR}}[\log q_\phi(x)]\); for a
     * {@code Marginal} guide, \(\log \hat q_\phi(x)\) (its auxiliary draws under {@code "guide"}).
     */
    public static <A> Expectation<A> qWake(PosteriorSampler<A> posterior, GenerativeFunction<A, ?> guide) {
        return Expectation.<A>of((ctx, args) -> {
            ChoiceMap x = posterior.sample(ctx, POSTERIOR, args).latents();
            return ctx.density("guide", guide, x, args);
        }).withStrategy(POSTERIOR, Strategies.SAMPLE_ONLY);
    }

    /**
     * The sleep-phase guide objective \(E_{(x, y) \sim p}[\log q_\phi(x; g(\text{args}, y))]\): the model
     * is simulated, its {@code latents} are scored by the guide, whose arguments {@code guideArgs}
     * computes from the model's arguments and the simulated remaining choices \(y\).
     */
    public static <A, G> Expectation<A> sleep(GenerativeFunction<A, ?> model, Selection latents,
            GenerativeFunction<G, ?> guide, BiFunction<A, ChoiceMap, G> guideArgs) {
        return Expectation.<A>of((ctx, args) -> {
            Trace<A, ?> dream = ctx.simulate(DREAM, model, args);
            ChoiceMap x = dream.choices().filter(latents);
            ChoiceMap y = dream.choices().filter(latents.complement());
            return ctx.density("guide", guide, x, guideArgs.apply(args, y));
        }).withStrategy(DREAM, Strategies.SAMPLE_ONLY);
    }
}
