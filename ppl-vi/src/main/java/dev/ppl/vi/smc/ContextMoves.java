package dev.ppl.vi.smc;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Assessment;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.core.Trace;
import dev.ppl.core.combinators.Unfold;
import dev.ppl.dist.continuous.Uniform;
import dev.ppl.vi.ExpectationContext;
import dev.ppl.vi.strategy.Strategies;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sampling inside an objective program: particle \(k\)'s choices at step \(t\) are random choices
 * of the objective under {@code ns/t/k/...}, each with its strategy (REPARAM for a Normal, so the
 * incremental weight is differentiable in the proposal's and the model's parameters); the
 * resampling uniforms before step \(t\) are one choice at {@code ns/t/resample} drawn with
 * {@link Strategies#SAMPLE_ONLY}, and the ancestors are computed from weights' values: resampling
 * contributes no gradient (the FIVO convention).
 */
final class ContextMoves<S> implements Moves<S> {
    private final GenerativeFunction<Unfold.Step<S>, S> kernel;
    private final Proposal<S> proposal;
    private final ExpectationContext ctx;
    private final String namespace;

    ContextMoves(GenerativeFunction<Unfold.Step<S>, S> kernel, Proposal<S> proposal, ExpectationContext ctx, String namespace) {
        this.kernel = kernel;
        this.proposal = proposal;
        this.ctx = ctx;
        this.namespace = namespace;
    }

    private String at(String path) {
        return namespace == null || namespace.isEmpty() ? path : namespace + "/" + path;
    }

    @Override
    public Moved<S> extend(int k, Unfold.Step<S> step, ChoiceMap observed) {
        String ns = at(step.t() + "/" + k);
        if (proposal.isBootstrap()) {
            Generated<Unfold.Step<S>, S> g = ctx.generate(ns, kernel, observed, step);
            return new Moved<>(g.trace().retval(), g.weight());
        }
        Trace<Unfold.Step<S>, ?> q = ctx.simulate(ns, proposal.guide(), step);
        ChoiceMap all = q.choices().merge(observed);
        Assessment<S> p = kernel.assess(all, step); // the exact density, as ctx.density gives it
        Var logP = p.logDensity();
        return new Moved<>(p.retval(), logP.sub(q.score().cast(logP.dtype())));
    }

    @Override
    public double[] uniforms(int t, int n) {
        Uniform u = Uniform.of(Var.constant(Nd4j.zeros(n)), Var.constant(Nd4j.ones(n)));
        return ctx.sample(at(t + "/resample"), Strategies.with(u, Strategies.SAMPLE_ONLY)).value().toDoubleVector();
    }
}
