package dev.ppl.vi.smc;

import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.combinators.Unfold;

/**
 * How an SMC sweep proposes step \(t\)'s latent choices \(x_t\) from a particle's state \(s_t\):
 * <ul>
 *   <li>the <b>bootstrap</b> proposal (Gordon et al. 1993) is the model's own kernel, with
 *       incremental weight \(w_t = p(y_t \mid x_t, s_t)\), the kernel's {@code generate} weight
 *       given the observations;</li>
 *   <li>a <b>guide</b> kernel \(q(x_t; t, s_t)\), a generative function of the step's arguments
 *       {@link Unfold.Step} (it can read the observation \(y_t\) through \(t\)) whose choices are
 *       exactly the step's latent choices, with
 *       \(w_t = p(x_t, y_t; t, s_t) / q(x_t; t, s_t)\).</li>
 * </ul>
 *
 * @param guide the guide kernel, or null for the bootstrap proposal
 * @param <S> the state type of the unfold
 */
public record Proposal<S>(GenerativeFunction<Unfold.Step<S>, ?> guide) {
    /** The model's transition (bootstrap filter). */
    public static <S> Proposal<S> bootstrap() {
        return new Proposal<>(null);
    }

    /** The guide kernel {@code guide}, called with \((t, s_t)\). */
    public static <S> Proposal<S> of(GenerativeFunction<Unfold.Step<S>, ?> guide) {
        if (guide == null) {
            throw new IllegalArgumentException("Proposal.of: the guide kernel is null; use Proposal.bootstrap() for the model's transition");
        }
        return new Proposal<>(guide);
    }

    /** Whether this is the bootstrap proposal. */
    public boolean isBootstrap() {
        return guide == null;
    }

    @Override
    public String toString() {
        return isBootstrap() ? "bootstrap" : "guide '" + guide.name() + "'";
    }
}
