package dev.ppl.core.dynamic;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.core.Updated;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;

/**
 * {@code regenerate}: selected choices (and choices new to this execution) are resampled from the
 * prior, the others keep their value and add \(\log p' - \log p_{\text{old}}\) to the weight; calls
 * regenerate their callee with the selection below their address. Resampled, new and removed
 * choices add nothing: under the prior proposal their proposal ratio cancels their density.
 */
public final class RegenerateHandler extends TraceRecorder {
    private final DynamicTrace<?, ?> old;
    private final Selection selection;
    private final ChoiceMap.Builder discard = ChoiceMap.builder();

    RegenerateHandler(String fn, Rng rng, DynamicTrace<?, ?> old, Selection selection) {
        super(fn, "regenerate", rng);
        this.old = old;
        this.selection = selection;
    }

    private DynamicTrace.Site kept(Address a) {
        DynamicTrace.Site s = old.sites().get(a);
        return s != null && s.isChoice() && !selection.contains(a) ? s : null;
    }

    @Override
    protected Var choose(Address address, Distribution<Var> dist) {
        DynamicTrace.Site keep = kept(address);
        if (keep != null) {
            return keep.value();
        }
        DynamicTrace.Site prev = old.sites().get(address);
        if (prev != null && prev.isChoice()) {
            discard.put(address, prev.value());
        }
        return dist.sample(rngAt(address));
    }

    @Override
    protected void scored(Address address, Var value, Var logDensity) {
        DynamicTrace.Site keep = kept(address);
        if (keep != null) {
            addWeight(logDensity.sub(keep.logDensity().cast(logDensity.dtype())));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <A, R> Trace<A, R> callSite(Address address, GenerativeFunction<A, R> callee, A args) {
        DynamicTrace.Site prev = old.sites().get(address);
        if (prev != null && !prev.isChoice() && prev.sub().function() == callee) {
            Selection below = a -> selection.contains(address.then(a));
            Updated<A, R> u = callee.regenerate(rngAt(address), (Trace<A, R>) prev.sub(), below, args);
            addWeight(u.weight());
            for (var e : u.discard()) {
                discard.put(address.then(e.getKey()), e.getValue());
            }
            return u.trace();
        }
        return callee.simulate(rngAt(address), args);
    }


    <A, R> Updated<A, R> finish(GenerativeFunction<A, R> f, A args, R retval) {
        discardUnvisited(old, discard); // removed choices cancel with their proposal: no weight
        return new Updated<>(trace(f, args, retval), weight(), discard.build());
    }
}
