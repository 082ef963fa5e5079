package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A local gradient-estimation rule for one random choice \(x \sim p_\theta\) followed by its
 * continuation \(k(x)\) (the rest of the program, itself random). A strategy builds a
 * <em>surrogate</em> \(T\): its value is an unbiased estimate of \(E[k(x)]\) and its reverse-mode
 * gradient an unbiased estimate of \(\nabla_\theta E[k(x)]\) (ADEV, Lew et al. POPL 2023). The
 * engine composes the rules of all choices of a program.
 *
 * <p>Two shapes of rule exist:
 * <ul>
 *   <li><b>single-shot</b> ({@link #isMultiShot()} false): one value now ({@link #draw}) and a
 *       term added to the surrogate once the continuation's value \(C\) is known
 *       ({@link #term}); e.g. REINFORCE's \(\mathrm{sg}(C - b)(\log p - \mathrm{sg}(\log p))\);</li>
 *   <li><b>multi-shot</b>: several forced values ({@link #fork}), each followed by its own run
 *       of the continuation, combined into the surrogate by {@link Fork#combine}; e.g.
 *       enumeration's \(\sum_v p_\theta(v) T_v\).</li>
 * </ul>
 * Values with a batch shape are handled per element: weights and score terms are reduced to the
 * shape of the continuation's value by the {@code toCostShape} operator the engine passes.
 */
public interface Strategy {
    /** A short name for messages ("REPARAM", "REINFORCE", ...). */
    String name();

    /** Whether the rule applies to {@code dist} (e.g. ENUM needs a finite support). */
    boolean appliesTo(Distribution<Var> dist);

    /** Whether the rule needs the continuation more than once. */
    boolean isMultiShot();

    /** Single-shot: the value of the choice (with gradient paths to \(\theta\) where pathwise). */
    default Var draw(Distribution<Var> dist, Rng rng) {
        throw new IllegalStateException(name() + " is a multi-shot strategy");
    }

    /** Single-shot: whether {@link #term} contributes (REINFORCE) or not (REPARAM). */
    default boolean hasTerm() {
        return false;
    }

    /**
     * Single-shot: the term added to the surrogate, given the choice's log density (reduced to
     * the continuation's shape) and the continuation's value \(C\) (costs after the choice plus
     * the return value). Its value must be 0.
     */
    default Var term(Var logDensity, Var continuation) {
        return null;
    }

    /**
     * Single-shot: called once after each whole estimate (all particles, continuations and nested
     * expectations) in which this rule formed a {@link #term}. Stateful rules, such as the
     * moving-average baseline, update their state here and only here, so the baseline a term uses
     * never depends on the draws of the estimate it belongs to (which would bias it). Stateless
     * rules do nothing.
     */
    default void completeEstimate() {}

    /** Multi-shot: the forced values and how to combine their continuations. */
    default Fork fork(Distribution<Var> dist, Rng rng) {
        throw new IllegalStateException(name() + " is a single-shot strategy");
    }

    /**
     * The plan of a multi-shot rule: the values to force, one continuation run each, and the
     * combination of the continuations' surrogates \(T_k\) into this choice's surrogate.
     */
    interface Fork {
        /** The values to force, in order. */
        List<Var> values();

        /**
         * The surrogate of the choice and its continuation from the continuations' surrogates
         * ({@code continuations.get(k)} ran with {@code values().get(k)}); {@code toCostShape}
         * reduces a per-element quantity of the choice (a log density) to the continuations' shape.
         */
        Var combine(List<Var> continuations, UnaryOperator<Var> toCostShape);
    }
}
