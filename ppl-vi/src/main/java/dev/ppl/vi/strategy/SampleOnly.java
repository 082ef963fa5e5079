package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;

/**
 * Draws \(x \sim p_\theta\) with no gradient through \(x\) and <em>no</em> score term:
 * \(T = T_x\). On its own this drops \(E_x[k(x)\,\nabla_\theta \log p_\theta(x)]\) and is
 * therefore biased for any choice whose distribution depends on \(\theta\); it exists for
 * objectives that form their own score-function terms from the trace's \(\log q\), like VIMCO
 * (Mnih and Rezende 2016, {@code dev.ppl.vi.objectives.Objectives#vimco}), so that the engine does
 * not add a REINFORCE term on top of theirs. Applies to every distribution.
 */
public final class SampleOnly implements SingleShot {
    static final SampleOnly INSTANCE = new SampleOnly();

    private SampleOnly() {}

    @Override public String name() { return "SAMPLE_ONLY"; }
    @Override public boolean appliesTo(Distribution<Var> dist) { return true; }

    @Override
    public Var draw(Distribution<Var> dist, Rng rng) {
        return dist.sample(rng).stopGradient();
    }
}
