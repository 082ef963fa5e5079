package dev.ppl.vi.smc;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Assessment;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.core.Trace;
import dev.ppl.core.combinators.Unfold;
import dev.ppl.dist.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Plain sampling from a key: particle \(k\) at step \(t\) uses {@code rng.fold(t).fold(k)}, the
 * resampling before step \(t\) uses {@code rng.fold(t).fold(-1)}; same key, same numbers.
 */
final class KeyedMoves<S> implements Moves<S> {
    private final GenerativeFunction<Unfold.Step<S>, S> kernel;
    private final Proposal<S> proposal;
    private final Rng rng;

    KeyedMoves(GenerativeFunction<Unfold.Step<S>, S> kernel, Proposal<S> proposal, Rng rng) {
        this.kernel = kernel;
        this.proposal = proposal;
        this.rng = rng;
    }

    @Override
    public Moved<S> extend(int k, Unfold.Step<S> step, ChoiceMap observed) {
        Rng key = rng.fold(step.t()).fold(k);
        if (proposal.isBootstrap()) {
            Generated<Unfold.Step<S>, S> g = kernel.generate(key, observed, step);
            return new Moved<>(g.trace().retval(), g.weight(), g.trace().choices().filter(a -> !observed.has(a)));
        }
        Trace<Unfold.Step<S>, ?> q = proposal.guide().simulate(key, step);
        Assessment<S> p = kernel.assess(q.choices().merge(observed), step);
        return new Moved<>(p.retval(), p.logDensity().sub(q.score().cast(p.logDensity().dtype())), q.choices());
    }

    @Override
    public int[] ancestors(int t, Resampling scheme, Var[] logWeights, double[] normalized) {
        return scheme.ancestors(normalized, rng.fold(t).fold(-1).uniform(DataType.DOUBLE, scheme.uniformsNeeded(normalized.length))
                .toDoubleVector());
    }
}
