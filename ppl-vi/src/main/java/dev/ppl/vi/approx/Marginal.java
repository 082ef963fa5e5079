package dev.ppl.vi.approx;

import static dev.ppl.vi.approx.SiteDensities.logMeanExp;
import static dev.ppl.vi.approx.SiteDensities.under;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Assessment;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Generated;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.core.Updated;
import dev.ppl.core.plate.Frame;
import dev.ppl.core.plate.Plate;
import dev.ppl.core.plate.PlateTrace;
import dev.ppl.dist.Rng;
import dev.ppl.vi.EstimatedFunction;
import dev.ppl.vi.ExpectationContext;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static dev.ppl.vi.approx.SiteDensities.logMeanExp;
import static dev.ppl.vi.approx.SiteDensities.under;


/**
 * A variational family whose density integrates out auxiliary choices: with a joint family
 * \(q(x, u)\) over kept choices \(x\) and auxiliary choices \(u\),
 * \(q(x) = \int q(x, u)\,du\). With a proposal \(r(u \mid x)\) (by default \(q\)'s own prior over
 * \(u\): \(q\) run with \(x\) constrained) and \(K\) auxiliary samples, the weights are
 * \(w(u) = q(x, u) / r(u \mid x)\), and
 * <ul>
 *   <li>{@code ctx.density} (assess) returns \(\log \hat q(x)\),
 *       \(\hat q(x) = \frac1K \sum_{k=1}^K w(u_k)\), \(u_k \sim r(\cdot \mid x)\) independent:
 *       \(E[\hat q(x)] = q(x)\) (importance sampling);</li>
 *   <li>{@code ctx.simulate} draws \((x, u_1) \sim q\) and \(u_2, \dots, u_K \sim r(\cdot \mid x)\) and
 *       returns \(x\) with score \(-\log \widehat{q^{-1}}(x)\),
 *       \(\widehat{q^{-1}}(x) = 1 / (\frac1K \sum_{k=1}^K w(u_k))\):
 *       \(E[\widehat{q^{-1}}(x) \mid x] = 1/q(x)\), since \(u_1 \sim q(u \mid x)\) makes \(u_{1..K}\)
 *       the conditional importance sampler of the extended-space argument (Sobolev and Vetrov
 *       2019).</li>
 * </ul>
 * In the ELBO program this family gives HVI for \(K = 1\) (Ranganath et al. 2016; Salimans et al.
 * 2015: \(E[\log p(y, x) - \log q(x, u) + \log r(u \mid x)]\)) and IWHVI for \(K > 1\) (Sobolev and
 * Vetrov 2019), both lower bounds on \(\log p(y)\), below the ELBO of the exact marginal and
 * increasing in \(K\) towards it; in the IWELBO program, DIWHVI. See
 * {@code dev.ppl.vi.objectives.HierarchicalObjectives}.
 *
 * <p>Random choices, all made through the objective's context so their strategies apply, are
 * placed under the namespace {@code ns} given to {@code ctx.simulate} / {@code ctx.density}: the
 * joint draw at \(q\)'s addresses, the \(k\)-th auxiliary proposal under {@code ns/aux/k}.
 * The plain GFI methods run the same estimators with no gradient ({@link #simulate(Rng, Object)},
 * {@link #generate}); {@link #assess} is unavailable, since an estimate needs randomness.
 *
 * @param <A> the joint family's argument type
 */
public final class Marginal<A> implements EstimatedFunction<A, ChoiceMap> {
    /** The address part under which the auxiliary proposals are made. */
    public static final String AUXILIARY = "aux";

    private final GenerativeFunction<A, ?> joint;
    private final Selection keep;
    private final GenerativeFunction<ProposalArgs<A>, ?> proposal;
    private final int k;

    private Marginal(GenerativeFunction<A, ?> joint, Selection keep, GenerativeFunction<ProposalArgs<A>, ?> proposal, int k) {
        Objects.requireNonNull(joint, "joint");
        Objects.requireNonNull(keep, "keep");
        if (joint instanceof EstimatedFunction) {
            throw new IllegalArgumentException("Marginal: the joint family '" + joint.name()
                    + "' must have an exact density, but its density is itself estimated");
        }
        if (k < 1) {
            throw new IllegalArgumentException("Marginal of '" + joint.name() + "': need at least 1 auxiliary sample, got K = "
                    + k);
        }
        this.joint = joint;
        this.keep = keep;
        this.proposal = proposal;
        this.k = k;
    }

    /** The marginal of {@code joint} over the choices in {@code keep}, with \(q\)'s prior over \(u\) as proposal. */
    public static <A> Marginal<A> of(GenerativeFunction<A, ?> joint, Selection keep, int k) {
        return new Marginal<>(joint, keep, null, k);
    }

    /** As {@link #of(GenerativeFunction, Selection, int)} with the proposal \(r(u \mid x)\) over the auxiliary choices. */
    public static <A> Marginal<A> of(GenerativeFunction<A, ?> joint, Selection keep,
            GenerativeFunction<ProposalArgs<A>, ?> proposal, int k) {
        return new Marginal<>(joint, keep, Objects.requireNonNull(proposal, "proposal"), k);
    }

    /** The number of auxiliary samples \(K\). */
    public int auxiliarySamples() {
        return k;
    }

    @Override
    public String name() {
        return "marginal(" + joint.name() + ")";
    }

    @Override
    public List<Var> params() {
        return proposal == null ? joint.params() : concat(joint.params(), proposal.params());
    }

    private static List<Var> concat(List<Var> a, List<Var> b) {
        return Stream.concat(a.stream(), b.stream()).distinct().toList();
    }

    @Override
    public Trace<A, ChoiceMap> simulate(ExpectationContext ctx, String namespace, A args) {
        Trace<A, ?> t = namespace == null ? ctx.simulate(joint, args) : ctx.simulate(namespace, joint, args);
        ChoiceMap x = t.choices().filter(keep);
        if (x.isEmpty()) {
            throw new IllegalArgumentException(name() + ": the kept selection matches none of the choices "
                    + t.choices().addresses());
        }
        Frame plate = plateOf(t);
        Var[] lw = new Var[k];
        if (proposal == null) {
            lw[0] = plate == null ? SiteDensities.selected(t, keep, name()) : Plate.elementScores(t, keep);
        } else {
            ChoiceMap u = t.choices().filter(keep.complement());
            Var logQ = plate == null ? t.score() : Plate.elementScores(t);
            Var logR = proposalDensity(ctx, under(namespace, AUXILIARY + "/0"), u, x, args, plate != null);
            lw[0] = logQ.sub(logR.cast(logQ.dtype()));
        }
        for (int i = 1; i < k; i++) {
            lw[i] = auxiliaryWeight(ctx, under(namespace, AUXILIARY + "/" + i), x, args);
        }
        Var estimate = logMeanExp(lw);
        return plate == null ? new MarginalTrace<>(this, args, x, estimate, null, null)
                : new MarginalTrace<>(this, args, x, estimate.sum(), plate, estimate);
    }

    /** The plate every choice of {@code t} lies in, or null if they do not all lie in one. */
    private static Frame plateOf(Trace<?, ?> t) {
        try {
            return Plate.frame(t);
        } catch (IllegalArgumentException notOnePlate) {
            return null;
        }
    }

    /** \(\log r(u \mid x)\), per element of its plate if {@code perElement}. */
    private Var proposalDensity(ExpectationContext ctx, String ns, ChoiceMap u, ChoiceMap x, A args, boolean perElement) {
        if (!perElement) {
            return ctx.density(ns, proposal, u, new ProposalArgs<>(x, args));
        }
        return Plate.elementScores(ctx.generate(ns, proposal, u, new ProposalArgs<>(x, args)).trace());
    }

    /**
     * \(\log \hat q(x)\), summed over the elements of the joint's plate where its choices lie in
     * one (each element's estimate averages its own \(K\) weights).
     */
    @Override
    public Var logDensityEstimate(ExpectationContext ctx, String namespace, ChoiceMap choices, A args) {
        Var[] lw = new Var[k];
        for (int i = 0; i < k; i++) {
            lw[i] = auxiliaryWeight(ctx, under(namespace, AUXILIARY + "/" + i), choices, args);
        }
        Var estimate = logMeanExp(lw);
        return estimate.rank() == 0 ? estimate : estimate.sum();
    }

    /**
     * \(\log q(x, u) - \log r(u \mid x)\) for a fresh \(u \sim r(\cdot \mid x)\) drawn under {@code ns};
     * one per element (shape {@code [n]}) when the joint's choices lie in one plate, so that
     * \(K\) weights are averaged per element (independent copies each get their own estimate).
     */
    private Var auxiliaryWeight(ExpectationContext ctx, String ns, ChoiceMap x, A args) {
        if (proposal == null) {
            Generated<A, ?> g = ctx.generate(ns, joint, x, args);
            List<?> kept = g.trace().choices().filter(keep).addresses();
            if (!kept.equals(x.addresses())) {
                throw new IllegalArgumentException(name() + ": the choices to score must be exactly the kept ones "
                        + kept + ", got " + x.addresses());
            }
            return plateOf(g.trace()) == null ? g.weight() : Plate.elementScores(g.trace(), keep);
        }
        Trace<ProposalArgs<A>, ?> r = ctx.simulate(ns, proposal, new ProposalArgs<>(x, args));
        if (!r.choices().filter(keep).isEmpty()) {
            throw new IllegalArgumentException(name() + ": the proposal '" + proposal.name() + "' samples kept choices "
                    + r.choices().filter(keep).addresses() + "; it must sample only the auxiliary ones");
        }
        Trace<A, ?> q = ctx.generate(ns, joint, x.merge(r.choices()), args).trace();
        if (plateOf(q) == null) {
            Var logQ = q.score();
            return logQ.sub(r.score().cast(logQ.dtype()));
        }
        Var logQ = Plate.elementScores(q);
        return logQ.sub(Plate.elementScores(r).cast(logQ.dtype()));
    }

    /**
     * Draws \(x\) with score \(-\log \widehat{q^{-1}}(x)\), no gradients (the estimator of
     * {@link #simulate(ExpectationContext, String, Object)}).
     */
    @Override
    public Trace<A, ChoiceMap> simulate(Rng rng, A args) {
        return Sampling.run(rng, args, (ctx, a) -> simulate(ctx, null, a));
    }

    /**
     * With no constraints, {@link #simulate(Rng, Object)} and weight 0; with the kept choices \(x\)
     * constrained, the trace of \(x\) and weight \(\log \hat q(x)\) (an unbiased estimate of \(q(x)\)
     * after exponentiation), no gradients.
     */
    @Override
    public Generated<A, ChoiceMap> generate(Rng rng, ChoiceMap constraints, A args) {
        if (constraints.isEmpty()) {
            return new Generated<>(simulate(rng, args), Var.constant(org.nd4j.linalg.factory.Nd4j.scalar(0.0)));
        }
        Var w = Sampling.run(rng, args, (ctx, a) -> logDensityEstimate(ctx, null, constraints, a));
        return new Generated<>(new MarginalTrace<>(this, args, constraints, w, null, null), w);
    }

    /** Unavailable: the marginal density is intractable and its estimate needs randomness. */
    @Override
    public Assessment<ChoiceMap> assess(ChoiceMap choices, A args) {
        throw new UnsupportedOperationException(name() + ": the marginal density is intractable; use generate(rng, choices, "
                + "args).weight() or ctx.density inside an Expectation for the log of an unbiased estimate");
    }

    /** Unavailable: an update's weight would need the intractable marginal density. */
    @Override
    public Updated<A, ChoiceMap> update(Rng rng, Trace<A, ChoiceMap> trace, ChoiceMap constraints, A newArgs) {
        throw new UnsupportedOperationException(name() + ": update needs the intractable marginal density");
    }

    /** Unavailable: a regeneration's weight would need the intractable marginal density. */
    @Override
    public Updated<A, ChoiceMap> regenerate(Rng rng, Trace<A, ChoiceMap> trace, Selection selection, A newArgs) {
        throw new UnsupportedOperationException(name() + ": regenerate needs the intractable marginal density");
    }

    /** A marginal's trace: the kept choices (also the return value) and the estimated score. */
    /** The trace of a marginal: \(x\) and its score; with a plate, the per-element scores too. */
    private record MarginalTrace<A>(GenerativeFunction<A, ChoiceMap> function, A args, ChoiceMap choices, Var score,
            Frame plate, Var perElement) implements Trace<A, ChoiceMap>, PlateTrace {
        @Override
        public ChoiceMap retval() {
            return choices;
        }

        @Override
        public Var elementScores() {
            if (perElement == null) {
                throw new IllegalArgumentException("elementScores: the marginal's choices do not lie in one plate");
            }
            return perElement;
        }
    }
}
