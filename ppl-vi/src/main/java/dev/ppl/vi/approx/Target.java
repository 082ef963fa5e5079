package dev.ppl.vi.approx;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.vi.ExpectationContext;
import java.util.Objects;
import java.util.function.Function;

/**
 * A model conditioned on observations: the unnormalized target \(\tilde\pi(x) = p(x, y)\) over the
 * model's latent choices \(x\), with normalizing constant \(Z = p(y) = \int p(x, y)\,dx\) and
 * posterior \(\pi(x) = p(x, y)/Z\). The observations may depend on the arguments (one target per
 * data point or minibatch). With an inference algorithm ({@link #importance}) it can be sampled
 * approximately and \(Z\) and \(1/Z\) estimated unbiasedly, inside objectives, which makes
 * wake-phase objectives ordinary programs ({@code dev.ppl.vi.objectives.WakeSleep}; Becker et al.,
 * PLDI 2024).
 *
 * @param <A> the model's argument type
 */
public final class Target<A> {
    private final GenerativeFunction<A, ?> model;
    private final Function<A, ChoiceMap> observations;

    private Target(GenerativeFunction<A, ?> model, Function<A, ChoiceMap> observations) {
        this.model = Objects.requireNonNull(model, "model");
        this.observations = Objects.requireNonNull(observations, "observations");
    }

    /** {@code model} conditioned on fixed {@code observations}. */
    public static <A> Target<A> of(GenerativeFunction<A, ?> model, ChoiceMap observations) {
        Objects.requireNonNull(observations, "observations");
        return new Target<>(model, a -> observations);
    }

    /** {@code model} conditioned on observations that depend on the arguments. */
    public static <A> Target<A> of(GenerativeFunction<A, ?> model, Function<A, ChoiceMap> observations) {
        return new Target<>(model, observations);
    }

    /** The model \(p(x, y)\). */
    public GenerativeFunction<A, ?> model() {
        return model;
    }

    /** The observed choices \(y\) for the arguments. */
    public ChoiceMap observations(A args) {
        return observations.apply(args);
    }

    /** \(\log \tilde\pi(x) = \log p(x, y)\) for complete latent choices \(x\) (differentiable, exact). */
    public Var logJoint(ExpectationContext ctx, ChoiceMap latents, A args) {
        return ctx.density(model, latents.merge(observations(args)), args);
    }

    /** Importance sampling with \(K\) particles from the model's prior \(p(x)\) (weights \(p(y \mid x)\)). */
    public ImportanceSampler<A> importance(int k) {
        return new ImportanceSampler<>(this, null, k);
    }

    /**
     * Importance sampling with \(K\) particles from {@code proposal} \(q(x)\), a generative function of
     * the model's arguments over exactly the latent choices (weights \(p(x, y)/q(x)\)).
     */
    public ImportanceSampler<A> importance(GenerativeFunction<A, ?> proposal, int k) {
        return new ImportanceSampler<>(this, Objects.requireNonNull(proposal, "proposal"), k);
    }
}
