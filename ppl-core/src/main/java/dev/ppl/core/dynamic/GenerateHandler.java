package dev.ppl.core.dynamic;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.core.Trace;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;

/**
 * {@code generate}: constrained choices take their constraint and add their log density to the
 * weight; the others are sampled from the prior (adding 0); calls are generated with the
 * constraints below their address and add their weight.
 */
public final class GenerateHandler extends TraceRecorder {
    private final ChoiceMap constraints;

    GenerateHandler(String fn, Rng rng, ChoiceMap constraints) {
        super(fn, "generate", rng);
        this.constraints = constraints;
    }

    @Override
    protected Var choose(Address address, Distribution<Var> dist) {
        return constraints.has(address) ? constraints.get(address) : dist.sample(rngAt(address));
    }

    @Override
    protected void scored(Address address, Var value, Var logDensity) {
        if (constraints.has(address)) {
            addWeight(logDensity);
        }
    }

    @Override
    protected <A, R> Trace<A, R> callSite(Address address, GenerativeFunction<A, R> callee, A args) {
        Generated<A, R> g = callee.generate(rngAt(address), constraints.submap(address), args);
        addWeight(g.weight());
        return g.trace();
    }


}
