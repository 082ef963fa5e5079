package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;

/**
 * A rule that needs the continuation once: a value now ({@link #draw}) and, if
 * {@link #hasTerm()}, a term added to the surrogate once the continuation's value \(C\) is
 * known ({@link #term}); e.g. REINFORCE's \(\mathrm{sg}(C - b)(\log p - \mathrm{sg}\log p)\).
 * The engine passes the log density and \(C\) per plate element of the choice (its joint dims
 * summed), so a term multiplies only the costs of its own element and the costs outside the
 * element's plates (Rao-Blackwellization by plates).
 */
public non-sealed interface SingleShot extends Strategy {
    /** The value of the choice (with gradient paths to \(\theta\) where pathwise). */
    Var draw(Distribution<Var> dist, Rng rng);

    /** Whether {@link #term} contributes (REINFORCE) or not (REPARAM). */
    default boolean hasTerm() {
        return false;
    }

    /**
     * The term added to the surrogate, given the choice's log density per plate element and the
     * continuation's value \(C\) (costs after the choice plus the return value, reduced to the
     * choice's plates). Its value must be 0. Called only if {@link #hasTerm()}.
     */
    default Var term(Var logDensity, Var continuation) {
        throw new IllegalStateException(name() + " has no score term");
    }

    /**
     * Called once after each whole estimate (all particles, continuations and nested
     * expectations) in which this rule formed a {@link #term}. Stateful rules, such as the
     * moving-average baseline, update their state here and only here, so the baseline a term uses
     * never depends on the draws of the estimate it belongs to (which would bias it). Stateless
     * rules do nothing.
     */
    default void completeEstimate() {}
}
