package dev.ppl.core.dynamic;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.core.Trace;
import dev.ppl.core.Updated;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;

/**
 * {@code update}: constrained choices take the constraint (the old value goes to the discard),
 * choices of the old trace keep their value, new choices are sampled from the prior. The weight
 * is \(\log p(\tau'; x') - \log p(\tau; x) - \sum_{\text{fresh}} \log p\), accumulated site by site:
 * each kept or constrained choice adds \(\log p' - \log p_{\text{old}}\) (the latter 0 if new), each
 * call adds its callee's update (or generate) weight, and each old site not visited subtracts
 * its old log density.
 */
public final class UpdateHandler extends TraceRecorder {
    private final DynamicTrace<?, ?> old;
    private final ChoiceMap constraints;
    private final ChoiceMap.Builder discard = ChoiceMap.builder();

    UpdateHandler(String fn, Rng rng, DynamicTrace<?, ?> old, ChoiceMap constraints) {
        super(fn, "update", rng);
        this.old = old;
        this.constraints = constraints;
    }

    private DynamicTrace.Site oldChoice(Address a) {
        DynamicTrace.Site s = old.sites().get(a);
        return s != null && s.isChoice() ? s : null;
    }

    @Override
    protected Var choose(Address address, Distribution<Var> dist) {
        DynamicTrace.Site prev = oldChoice(address);
        if (constraints.has(address)) {
            if (prev != null) {
                discard.put(address, prev.value());
            }
            return constraints.get(address);
        }
        return prev != null ? prev.value() : dist.sample(rngAt(address));
    }

    @Override
    protected void scored(Address address, Var value, Var logDensity) {
        DynamicTrace.Site prev = oldChoice(address);
        if (prev != null) {
            addWeight(logDensity.sub(prev.logDensity().cast(logDensity.dtype())));
        } else if (constraints.has(address)) {
            addWeight(logDensity);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <A, R> Trace<A, R> callSite(Address address, GenerativeFunction<A, R> callee, A args) {
        DynamicTrace.Site prev = old.sites().get(address);
        ChoiceMap sub = constraints.submap(address);
        if (prev != null && !prev.isChoice() && prev.sub().function() == callee) {
            Updated<A, R> u = callee.update(rngAt(address), (Trace<A, R>) prev.sub(), sub, args);
            addWeight(u.weight());
            for (var e : u.discard()) {
                discard.put(address.then(e.getKey()), e.getValue());
            }
            return u.trace();
        }
        if (prev != null) {
            discardSite(address, prev, discard);
            addWeight(prev.logDensity().neg());
        }
        Generated<A, R> g = callee.generate(rngAt(address), sub, args);
        addWeight(g.weight());
        return g.trace();
    }


    <A, R> Updated<A, R> finish(GenerativeFunction<A, R> f, A args, R retval) {
        addWeight(discardUnvisited(old, discard).neg());
        return new Updated<>(trace(f, args, retval), weight(), discard.build());
    }
}
