package dev.ppl.vi.contract;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.strategy.ChoiceShape;
import dev.ppl.vi.strategy.MultiShot;
import java.util.List;

/** Deliberately wrong rules, written through the public extension point, that the contract tests must catch. */
final class Mutants {
    private Mutants() {}

    /**
     * MVD that flips every coordinate of a joint Bernoulli at once and forms one term per
     * coordinate against that single coupled continuation (the old per-element rule applied to a
     * choice whose coordinates share a continuation).
     */
    static final MultiShot PER_ELEMENT_MVD = new MultiShot() {
        @Override public String name() { return "MVD-per-element"; }
        @Override public boolean appliesTo(Distribution<Var> dist) { return dist instanceof Bernoulli; }

        @Override
        public Fork fork(Distribution<Var> dist, ChoiceShape shape, Rng rng) {
            Var p = ((Bernoulli) dist).probs();
            Var x = dist.sample(rng);
            Var s = x.mul(2.0).sub(1.0);
            return new Fork() {
                @Override public List<Var> values() { return List.of(x, x.rsub(1.0)); }

                @Override
                public Var combine(List<Var> t) {
                    Var term = p.sub(p.stopGradient()).mul(s.mul(t.get(0).sub(t.get(1))).stopGradient());
                    return t.get(0).add(term.sum());
                }
            };
        }
    };
}
