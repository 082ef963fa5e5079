package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;

/**
 * The reparameterization (pathwise) rule: \(x = f_\theta(\varepsilon)\) with fresh
 * parameter-free noise \(\varepsilon\), and \(T = T_x\): gradients flow through the value
 * (Kingma and Welling 2014; Rezende et al. 2014). Needs {@link Distribution#hasReparam()}.
 */
public final class Reparam implements SingleShot {
    static final Reparam INSTANCE = new Reparam();

    private Reparam() {}

    @Override public String name() { return "REPARAM"; }
    @Override public boolean appliesTo(Distribution<Var> dist) { return dist.hasReparam(); }

    @Override
    public Var draw(Distribution<Var> dist, Rng rng) {
        return dist.reparamSample(rng).value();
    }
}
