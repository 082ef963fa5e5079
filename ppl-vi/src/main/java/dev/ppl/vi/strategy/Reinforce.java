package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import java.util.function.Supplier;

/**
 * The score-function rule (REINFORCE, Williams 1992; likelihood ratio, Glynn 1990), optionally
 * with a baseline \(b\): \(x \sim p_\theta\) with no gradient through \(x\), and
 * \[ T = T_x + \mathrm{sg}(C - b)\,(\log p_\theta(x) - \mathrm{sg}(\log p_\theta(x))), \]
 * where \(C\) is the value of the continuation. Unbiased for any \(b\) not depending on \(x\);
 * applies to every distribution.
 */
public final class Reinforce implements SingleShot {
    static final Reinforce PLAIN = new Reinforce(null, "REINFORCE");

    private final Supplier<Var> baseline;
    private final String name;

    private Reinforce(Supplier<Var> baseline, String name) {
        this.baseline = baseline;
        this.name = name;
    }

    /** REINFORCE with a baseline computed when the term is built (a constant or a user {@code Var}). */
    static Reinforce withBaseline(Supplier<Var> baseline) {
        return new Reinforce(baseline, "REINFORCE(baseline)");
    }

    @Override public String name() { return name; }
    @Override public boolean appliesTo(Distribution<Var> dist) { return true; }
    @Override public boolean hasTerm() { return true; }

    @Override
    public Var draw(Distribution<Var> dist, Rng rng) {
        return dist.sample(rng).stopGradient();
    }

    @Override
    public Var term(Var logDensity, Var continuation) {
        Var signal = baseline == null ? continuation : continuation.sub(baseline.get().cast(continuation.dtype()));
        return signal.stopGradient().mul(logDensity.sub(logDensity.stopGradient()));
    }
}
