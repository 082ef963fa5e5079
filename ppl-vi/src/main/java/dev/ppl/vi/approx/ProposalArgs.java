package dev.ppl.vi.approx;

import dev.ppl.core.ChoiceMap;
import java.util.Objects;

/**
 * The arguments of a {@link Marginal}'s auxiliary proposal \(r(u \mid x)\): the kept choices
 * \(x\) and the arguments of the joint family \(q(x, u)\).
 *
 * @param kept the kept choices \(x\), at the joint family's addresses
 * @param args the arguments of the joint family
 * @param <A> the joint family's argument type
 */
public record ProposalArgs<A>(ChoiceMap kept, A args) {
    /** Checks that {@code kept} is not null. */
    public ProposalArgs {
        Objects.requireNonNull(kept, "kept");
    }
}
