package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;

/**
 * A local gradient-estimation rule for one random choice \(x \sim p_\theta\) followed by its
 * continuation \(k(x)\) (the rest of the program, itself random). A strategy builds a
 * <em>surrogate</em> \(T\): its value is an unbiased estimate of \(E[k(x)]\) and its reverse-mode
 * gradient an unbiased estimate of \(\nabla_\theta E[k(x)]\) (ADEV, Lew et al. POPL 2023). The
 * engine composes the rules of all choices of a program.
 *
 * <p>Three shapes of rule exist, a closed set:
 * <ul>
 *   <li>{@link SingleShot}: one value now and a term added once the continuation's value is
 *       known (REPARAM, REINFORCE and its baselines);</li>
 *   <li>{@link MultiShot}: several forced values, one run of the continuation each, combined
 *       (ENUM, MVD, users' coupled rules);</li>
 *   <li>{@link ParallelEnumerate}: every support value at once along a new tensor dim, handled by
 *       the engine (ENUM_PARALLEL).</li>
 * </ul>
 * A choice is one random value: its batch dims that no plate owns and its event dims form one
 * joint choice (see {@link ChoiceShape}); its plate dims are independent elements, each with its
 * own term.
 */
public sealed interface Strategy permits SingleShot, MultiShot, ParallelEnumerate {
    /** A short name for messages ("REPARAM", "REINFORCE", ...). */
    String name();

    /** Whether the rule applies to {@code dist} (e.g. ENUM needs a finite support). */
    boolean appliesTo(Distribution<Var> dist);
}
