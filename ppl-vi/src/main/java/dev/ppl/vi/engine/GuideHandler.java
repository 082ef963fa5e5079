package dev.ppl.vi.engine;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenContext;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.core.Trace;
import dev.ppl.core.dynamic.DynamicFunction;
import dev.ppl.core.dynamic.DynamicTrace;
import dev.ppl.dist.Distribution;
import dev.ppl.vi.EstimatedFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final Map<Address, DynamicTrace.Site> sites = new LinkedHashMap<>();
    private Var score;
    private Var weight;

    private GuideHandler(Run run, Address namespace, ChoiceMap constraints) {
        this.run = run;
        this.namespace = namespace;
        this.constraints = constraints;
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
        GuideHandler h = new GuideHandler(run, namespace, constraints);
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
    public Var sample(String address, Distribution<Var> dist) {
        Address a = Address.parse(address);
        boolean constrained = constraints.has(a);
        Var v = constrained ? constraints.get(a) : run.choice(full(a), dist);
        Var lp = dist.logDensitySum(v);
        sites.put(a, new DynamicTrace.Site(v, lp, dist, null));
        score = score == null ? lp : score.add(lp.cast(score.dtype()));
        if (constrained) {
            weight = weight == null ? lp : weight.add(lp.cast(weight.dtype()));
        }
        return v;
    }

    @Override
    public <A, R> R call(String address, GenerativeFunction<A, R> fn, A args) {
        Address a = Address.parse(address);
        Generated<A, R> g = generate(run, full(a), fn, constraints.submap(a), args);
        Trace<A, R> t = g.trace();
        sites.put(a, new DynamicTrace.Site(null, t.score(), null, t));
        score = score == null ? t.score() : score.add(t.score().cast(score.dtype()));
        weight = weight == null ? g.weight() : weight.add(g.weight().cast(weight.dtype()));
        return t.retval();
    }

    private void checkAllVisited(GenerativeFunction<?, ?> fn) {
        List<String> unknown = DynamicTrace.unvisited(constraints, sites);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("objective: constraints of '" + fn.name() + "' at addresses it never visits: "
                    + unknown + "; visited: " + sites.keySet());
        }
    }
}
