package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;

/**
 * Exact enumeration in one run (Pyro's parallel enumeration, Dice weighting): the \(j\)-th
 * enumerated choice of a run takes all its support values at once along a new batch dim placed
 * left of every plate dim (dim \(-(W + 1 + j)\) for a program whose plates nest \(W\) deep), its
 * value shaped {@code [K, 1, ..., 1] ++ event}; the continuation runs broadcast over it. Each cost
 * is weighted by the probabilities of the enumerated choices made before it in plates that are a
 * subset of its own, and summed over their dims:
 * \(\sum_v \prod_j p_\theta(v_j \mid v_{&lt;j})\, c(v)\). A choice with joint dims enumerates their
 * product support (event dims: {@code dist.toEvent(k)}); batch dims that no plate owns are not
 * allowed beside parallel enumeration. The program must be broadcast-safe: index and reduce plate
 * and event dims with negative indices, never over an enumeration dim. A cost outside a plate
 * that depends on a choice enumerated inside it is an error. Handled by the engine directly;
 * gives the same value and gradient as {@link Enumerate}.
 */
public final class ParallelEnumerate implements Strategy {
    static final ParallelEnumerate INSTANCE = new ParallelEnumerate();

    private ParallelEnumerate() {}

    @Override public String name() { return "ENUM_PARALLEL"; }
    @Override public boolean appliesTo(Distribution<Var> dist) { return dist.isEnumerable(); }
}
