package dev.ppl.vi.engine;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenContext;
import dev.ppl.core.Generated;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.MissingChoicesException;
import dev.ppl.core.Unvisited;
import dev.ppl.core.Trace;
import dev.ppl.core.dynamic.DynamicFunction;
import dev.ppl.core.dynamic.DynamicTrace;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import dev.ppl.vi.EstimatedFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a generative function inside an objective: each of its unconstrained random choices
 * becomes a choice of the {@link Run} (so its strategy applies), each constrained one takes its
 * given value; all are recorded, with their log densities, into a {@link DynamicTrace} whose score
 * is the differentiable \(\log q(\tau)\). The weight is the sum of the constrained choices' log
 * densities. An {@link EstimatedFunction} runs its own estimator against the run instead.
 */
final class GuideHandler implements GenContext {
    private final Run run;
    private final Address namespace;
    private final ChoiceMap constraints;
    private final boolean assess;
    private final Map<Address, DynamicTrace.Site> sites = new LinkedHashMap<>();
    private final List<Address> missing = new ArrayList<>();
    private Var score;
    private Var weight;

    private GuideHandler(Run run, Address namespace, ChoiceMap constraints, boolean assess) {
        this.run = run;
        this.namespace = namespace;
        this.constraints = constraints;
        this.assess = assess;
    }

    /**
     * \(\log p(\tau)\) of complete choices, computed in the run (so enumeration dims of the values
     * are kept, summed over everything else); a missing or unvisited choice is an error listing
     * them all.
     */
    static <A, R> Var assess(Run run, DynamicFunction<A, R> fn, ChoiceMap choices, A args) {
        GuideHandler h = new GuideHandler(run, null, choices, true);
        fn.run(h, args);
        if (!h.missing.isEmpty()) {
            throw new MissingChoicesException(fn.name(), h.missing, DynamicTrace.findUnvisited(choices, h.sites));
        }
        h.checkAllVisited(fn);
        return h.score != null ? h.score : zero();
    }

    static <A, R> Trace<A, R> simulate(Run run, Address namespace, GenerativeFunction<A, R> fn, A args) {
        return generate(run, namespace, fn, ChoiceMap.empty(), args).trace();
    }

    static <A, R> Generated<A, R> generate(Run run, Address namespace, GenerativeFunction<A, R> fn, ChoiceMap constraints,
            A args) {
        if (fn instanceof EstimatedFunction<A, R> estimated) {
            if (!constraints.isEmpty()) {
                throw new IllegalArgumentException("objective: cannot constrain " + constraints.addresses() + " of '"
                        + fn.name() + "', whose density is only estimated; use ctx.density for its log density estimate");
            }
            Trace<A, R> t = estimated.simulate(run, namespace == null ? null : namespace.toString(), args);
            return new Generated<>(t, zero());
        }
        if (!(fn instanceof DynamicFunction<A, R> dyn)) {
            throw new IllegalArgumentException("objective: cannot run '" + fn.name() + "' (" + fn.getClass().getSimpleName()
                    + ") under a gradient estimator; write it with Gen.fn or Plate.of");
        }
        GuideHandler h = new GuideHandler(run, namespace, constraints, false);
        R r = dyn.run(h, args);
        h.checkAllVisited(fn);
        Var s = h.score != null ? h.score : zero();
        return new Generated<>(new DynamicTrace<>(fn, args, h.sites, r, s), h.weight != null ? h.weight : zero());
    }

    private static Var zero() {
        return Var.constant(Nd4j.scalar(0.0));
    }

    private Address full(Address a) {
        return namespace == null ? a : namespace.then(a);
    }

    @Override
    public <R> R plate(String name, long size, double scale, Supplier<R> body) {
        run.enterPlate(name, size, scale);
        try {
            return body.get();
        } finally {
            run.exitPlate();
        }
    }

    @Override
    public Var sample(String address, Distribution<Var> given) {
        Address a = Address.parse(address);
        Distribution<Var> dist = run.plates().expand(given);
        boolean constrained = constraints.has(a);
        if (constrained) {
            run.plates().checkValue("objective", full(a).toString(), dist.name(), dist.batchShape(), dist.eventShape(),
                    constraints.get(a).shape());
        }
        Var v;
        if (constrained) {
            v = constraints.get(a);
        } else if (assess) {
            missing.add(a);
            v = dist.sample(Rng.of(0));
        } else {
            v = run.choice(full(a), dist);
        }
        double scale = run.plates().scale();
        Var lp = siteLogDensity(dist, v);
        if (scale != 1.0) {
            lp = lp.mul(scale);
        }
        sites.put(a, new DynamicTrace.Site(v, lp, dist, null, run.plates().frames(), scale, run.layout().userNesting()));
        score = score == null ? lp : score.add(lp.cast(score.dtype()));
        if (constrained) {
            weight = weight == null ? lp : weight.add(lp.cast(weight.dtype()));
        }
        return v;
    }

    /**
     * \(\log p\) of a site's value summed over its plate and joint dims: one number, or, for a
     * value that carries parallel-enumeration dims, one per enumerated combination (those dims
     * kept in place, so the trace's score stays a function of the enumerated values).
     */
    private Var siteLogDensity(Distribution<Var> dist, Var v) {
        Layout layout = run.layout();
        if (!layout.nestingKnown()) {
            return dist.logDensitySum(v);
        }
        int window = layout.userNesting();
        long[] batch = dist.batchShape();
        int valueBatchRank = v.rank() - dist.eventShape().length;
        if (Math.max(batch.length, valueBatchRank) <= window) {
            return dist.logDensitySum(v);
        }
        Var lp = dist.logDensity(v);
        for (int pos = -1; pos >= -window; pos--) {
            lp = Layout.sumAt(lp, pos);
        }
        return lp;
    }

    @Override
    public <A, R> R call(String address, GenerativeFunction<A, R> fn, A args) {
        Address a = Address.parse(address);
        if (assess) {
            if (!(fn instanceof DynamicFunction<A, R> dyn)) {
                throw new IllegalArgumentException("objective: cannot assess '" + fn.name() + "' at '" + a + "' inside the "
                        + "engine; write it with Gen.fn or Plate.of");
            }
            GuideHandler h = new GuideHandler(run, full(a), constraints.submap(a), true);
            R r = dyn.run(h, args);
            for (Address m : h.missing) {
                missing.add(a.then(m));
            }
            h.checkAllVisited(fn);
            Var s = h.score != null ? h.score : zero();
            sites.put(a, new DynamicTrace.Site(null, s, null, new DynamicTrace<>(fn, args, h.sites, r, s),
                    run.plates().frames(), 1.0));
            score = score == null ? s : score.add(s.cast(score.dtype()));
            return r;
        }
        Generated<A, R> g = generate(run, full(a), fn, constraints.submap(a), args);
        Trace<A, R> t = g.trace();
        sites.put(a, new DynamicTrace.Site(null, t.score(), null, t, run.plates().frames(), 1.0));
        score = score == null ? t.score() : score.add(t.score().cast(score.dtype()));
        weight = weight == null ? g.weight() : weight.add(g.weight().cast(weight.dtype()));
        return t.retval();
    }

    private void checkAllVisited(GenerativeFunction<?, ?> fn) {
        Unvisited unknown = DynamicTrace.findUnvisited(constraints, sites);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("objective: constraints of '" + fn.name() + "' at addresses it never visits: "
                    + unknown + "; visited: " + sites.keySet());
        }
    }
}
