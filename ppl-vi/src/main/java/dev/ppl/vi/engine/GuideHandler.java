package dev.ppl.vi.engine;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.GenContext;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.core.dynamic.DynamicFunction;
import dev.ppl.core.dynamic.DynamicTrace;
import dev.ppl.dist.Distribution;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a generative function inside an objective: each of its random choices becomes a choice
 * of the {@link Run} (so its strategy applies) and is recorded, with its log density, into a
 * {@link DynamicTrace} whose score is the differentiable \(\log q(\tau)\).
 */
final class GuideHandler implements GenContext {
    private final Run run;
    private final Address namespace;
    private final Map<Address, DynamicTrace.Site> sites = new LinkedHashMap<>();
    private Var score;

    private GuideHandler(Run run, Address namespace) {
        this.run = run;
        this.namespace = namespace;
    }

    static <A, R> Trace<A, R> simulate(Run run, Address namespace, GenerativeFunction<A, R> fn, A args) {
        if (!(fn instanceof DynamicFunction<A, R> dyn)) {
            throw new IllegalArgumentException("objective: cannot run '" + fn.name() + "' (" + fn.getClass().getSimpleName()
                    + ") under a gradient estimator; write it with Gen.fn or Plate.of");
        }
        GuideHandler h = new GuideHandler(run, namespace);
        R r = dyn.run(h, args);
        Var s = h.score != null ? h.score : Var.constant(org.nd4j.linalg.factory.Nd4j.scalar(0.0));
        return new DynamicTrace<>(fn, args, h.sites, r, s);
    }

    private Address full(Address a) {
        return namespace == null ? a : namespace.then(a);
    }

    @Override
    public Var sample(String address, Distribution<Var> dist) {
        Address a = Address.parse(address);
        Var v = run.choice(full(a), dist);
        Var elementLp = dist.logDensity(v);
        Var lp = elementLp.sum();
        sites.put(a, new DynamicTrace.Site(v, lp, elementLp, null));
        score = score == null ? lp : score.add(lp.cast(score.dtype()));
        return v;
    }

    @Override
    public <A, R> R call(String address, GenerativeFunction<A, R> fn, A args) {
        Address a = Address.parse(address);
        Trace<A, R> t = simulate(run, full(a), fn, args);
        sites.put(a, new DynamicTrace.Site(null, t.score(), null, t));
        score = score == null ? t.score() : score.add(t.score().cast(score.dtype()));
        return t.retval();
    }
}
