package dev.ppl.core.inference;

import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;

/**
 * Sampling importance resampling (Rubin 1988): run {@link ImportanceSampling} with \(K\)
 * particles and return one particle drawn in proportion to its weight, with
 * \(\log \hat Z\). As \(K \to \infty\) the particle's distribution tends to the posterior
 * \(p(\tau \mid y)\); for finite \(K\), \(\hat Z\) remains unbiased for \(p(y)\).
 */
public final class SamplingImportanceResampling {
    private SamplingImportanceResampling() {}

    /** One resampled trace and the log marginal-likelihood estimate of its particle set. */
    public record Resampled<A, R>(Trace<A, R> trace, double logMarginalLikelihood) {}

    /** SIR with the prior as proposal. */
    public static <A, R> Resampled<A, R> withPrior(Rng rng, GenerativeFunction<A, R> model, A args,
            ChoiceMap observations, int particles) {
        Rng[] keys = rng.split();
        ImportanceResult<A, R> is = ImportanceSampling.withPrior(keys[0], model, args, observations, particles);
        return new Resampled<>(is.resample(keys[1]), is.logMarginalLikelihood());
    }

    /** SIR with a custom proposal. */
    public static <A, R, PA, PR> Resampled<A, R> withProposal(Rng rng, GenerativeFunction<A, R> model, A args,
            ChoiceMap observations, GenerativeFunction<PA, PR> proposal, PA proposalArgs, int particles) {
        Rng[] keys = rng.split();
        ImportanceResult<A, R> is = ImportanceSampling.withProposal(keys[0], model, args, observations, proposal,
                proposalArgs, particles);
        return new Resampled<>(is.resample(keys[1]), is.logMarginalLikelihood());
    }
}
