package dev.ppl.core.dynamic;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;

/** {@code simulate}: every choice is sampled from its distribution, every call simulated. */
public final class SimulateHandler extends TraceRecorder {
    SimulateHandler(String fn, Rng rng) {
        super(fn, "simulate", rng);
    }

    @Override
    protected Var choose(Address address, Distribution<Var> dist) {
        return dist.sample(rngAt(address));
    }

    @Override
    protected <A, R> Trace<A, R> callSite(Address address, GenerativeFunction<A, R> callee, A args) {
        return callee.simulate(rngAt(address), args);
    }
}
