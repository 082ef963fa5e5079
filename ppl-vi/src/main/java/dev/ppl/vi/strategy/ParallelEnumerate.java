package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;

/**
 * Exact enumeration in one run: the choice takes all its support values at once along a new
 * leading tensor axis (the \(j\)-th enumerated choice of a run gets axis \(j\) counted from the
 * left of the batch axes), the continuation runs broadcast over it, and the engine sums
 * \(\sum_v \prod_j p_\theta(v_j \mid v_{&lt;j})\, T(v)\) over the enumeration axes at the end. The
 * program must be broadcast-safe: reduce plate axes with negative axis indices. Handled by the
 * engine directly; gives the same value and gradient as {@link Enumerate}.
 */
public final class ParallelEnumerate implements Strategy {
    static final ParallelEnumerate INSTANCE = new ParallelEnumerate();

    private ParallelEnumerate() {}

    @Override public String name() { return "ENUM_PARALLEL"; }
    @Override public boolean appliesTo(Distribution<Var> dist) { return dist.isEnumerable(); }
    @Override public boolean isMultiShot() { return false; }
}
