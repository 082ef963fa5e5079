package dev.ppl.vi.smc;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Assessment;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.core.Trace;
import dev.ppl.core.combinators.Unfold;
import dev.ppl.vi.ExpectationContext;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;

/**
 * Sampling inside an objective program: particle \(k\)'s choices at step \(t\) are random choices
 * of the objective under {@code ns/t/k/...}, each with its strategy (REPARAM for a Normal, so the
 * incremental weight is differentiable in the proposal's and the model's parameters); the
 * ancestors of the resampling before step \(t\) are one choice at {@code ns/t/ancestors} with the
 * law {@link Ancestors} of the log weights, drawn with the sweep's ancestor strategy
 * ({@link Strategies#SAMPLE_ONLY}: no score term; REINFORCE: the unbiased FIVO gradient). Keeps
 * \(\sum_t \log P(a_t)\), differentiable, for programs that form their own score terms.
 * Mutable: one instance per sweep.
 */
final class ContextMoves<S> implements Moves<S> {
    private final GenerativeFunction<Unfold.Step<S>, S> kernel;
    private final Proposal<S> proposal;
    private final ExpectationContext ctx;
    private final String namespace;
    private final Strategy ancestorStrategy;
    private Var ancestorLogProbability;

    ContextMoves(GenerativeFunction<Unfold.Step<S>, S> kernel, Proposal<S> proposal, ExpectationContext ctx, String namespace,
            Strategy ancestorStrategy) {
        this.kernel = kernel;
        this.proposal = proposal;
        this.ctx = ctx;
        this.namespace = namespace;
        this.ancestorStrategy = ancestorStrategy;
    }

    private String at(String path) {
        return namespace == null || namespace.isEmpty() ? path : namespace + "/" + path;
    }

    @Override
    public Moved<S> extend(int k, Unfold.Step<S> step, ChoiceMap observed) {
        String ns = at(step.t() + "/" + k);
        if (proposal.isBootstrap()) {
            Generated<Unfold.Step<S>, S> g = ctx.generate(ns, kernel, observed, step);
            return new Moved<>(g.trace().retval(), g.weight(), g.trace().choices().filter(a -> !observed.has(a)));
        }
        Trace<Unfold.Step<S>, ?> q = ctx.simulate(ns, proposal.guide(), step);
        ChoiceMap all = q.choices().merge(observed);
        Assessment<S> p = kernel.assess(all, step); // the exact density, as ctx.density gives it
        Var logP = p.logDensity();
        return new Moved<>(p.retval(), logP.sub(q.score().cast(logP.dtype())), q.choices());
    }

    @Override
    public int[] ancestors(int t, Resampling scheme, Var[] logWeights, double[] normalized) {
        Ancestors law = Ancestors.of(scheme, Var.stack(0, logWeights));
        Var a = ctx.sample(at(t + "/" + SmcSampler.ANCESTORS), Strategies.with(law, ancestorStrategy));
        Var lp = law.logDensity(a);
        ancestorLogProbability = ancestorLogProbability == null ? lp : ancestorLogProbability.add(lp.cast(ancestorLogProbability.dtype()));
        double[] v = a.value().toDoubleVector();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) Math.round(v[i]);
        }
        return out;
    }

    /** \(\sum_t \log P(a_t)\) over the resamplings so far, or null if none. */
    Var ancestorLogProbability() {
        return ancestorLogProbability;
    }
}
