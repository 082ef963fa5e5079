package dev.ppl.core.inference;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Importance sampling for a model conditioned on observations. With \(K\) particles
 * \(\tau_k \sim q\) and weights \(w_k = p(\tau_k, y) / q(\tau_k)\), \(\hat Z = \frac1K \sum_k w_k\) is an
 * unbiased estimate of the marginal likelihood \(p(y)\) (so \(\log \hat Z\) is a stochastic lower
 * bound of \(\log p(y)\) in expectation), and the self-normalized weights
 * \(\bar w_k = w_k / \sum_j w_j\) approximate the posterior.
 *
 * <p>The proposal is either the model's own prior (through {@link GenerativeFunction#generate}) or
 * a custom generative function over the latent addresses, whose choices are merged with the
 * observations: then \(\log w_k = \log p(\tau_k, y) - \log q(\tau_k)\).
 */
public final class ImportanceSampling {
    private ImportanceSampling() {}

    /** Importance sampling with the prior as proposal. */
    public static <A, R> ImportanceResult<A, R> withPrior(Rng rng, GenerativeFunction<A, R> model, A args,
            ChoiceMap observations, int particles) {
        requireParticles(particles);
        List<Trace<A, R>> traces = new ArrayList<>();
        List<Var> logWeights = new ArrayList<>();
        Rng[] keys = rng.split(particles);
        for (int k = 0; k < particles; k++) {
            Generated<A, R> g = model.generate(keys[k], observations, args);
            traces.add(g.trace());
            logWeights.add(g.weight());
        }
        return new ImportanceResult<>(traces, logWeights);
    }

    /** Importance sampling with a custom proposal over the model's unobserved choices. */
    public static <A, R, PA, PR> ImportanceResult<A, R> withProposal(Rng rng, GenerativeFunction<A, R> model, A args,
            ChoiceMap observations, GenerativeFunction<PA, PR> proposal, PA proposalArgs, int particles) {
        requireParticles(particles);
        List<Trace<A, R>> traces = new ArrayList<>();
        List<Var> logWeights = new ArrayList<>();
        Rng[] keys = rng.split(particles);
        for (int k = 0; k < particles; k++) {
            Rng[] two = keys[k].split();
            Trace<PA, PR> q = proposal.simulate(two[0], proposalArgs);
            Generated<A, R> g = model.generate(two[1], observations.merge(q.choices()), args);
            Var modelScore = g.trace().score();
            if (Math.abs(g.weight().item() - modelScore.item()) > 1e-6 * (1 + Math.abs(modelScore.item()))) {
                throw new IllegalArgumentException("importance sampling: the proposal '" + proposal.name()
                        + "' together with the observations does not determine every choice of '" + model.name()
                        + "' (some were sampled from the prior)");
            }
            traces.add(g.trace());
            logWeights.add(modelScore.sub(q.score().cast(modelScore.dtype())));
        }
        return new ImportanceResult<>(traces, logWeights);
    }

    private static void requireParticles(int particles) {
        if (particles < 1) {
            throw new IllegalArgumentException("importance sampling needs at least one particle, got " + particles);
        }
    }
}
