package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact enumeration of a finite support by re-running the continuation:
 * \[ T = \sum_{v} p_\theta(v)\, T_v, \]
 * one continuation per value \(v\) of the choice's joint support (the product over its joint
 * coordinates, at most {@link Strategies#MAX_ENUMERATED_VALUES} values). Every plate element
 * takes \(v\) at once, and each element's surrogate is weighted by its own \(p_\theta(v)\), which is
 * exact because the plate declares the elements' continuations independent. Needs
 * {@link Distribution#isEnumerable()}.
 */
public final class Enumerate implements MultiShot {
    static final Enumerate INSTANCE = new Enumerate();

    private Enumerate() {}

    @Override public String name() { return "ENUM"; }
    @Override public boolean appliesTo(Distribution<Var> dist) { return dist.isEnumerable(); }

    @Override
    public Fork fork(Distribution<Var> dist, ChoiceShape shape, Rng rng) {
        List<Var> values = shape.jointSupport(dist, Strategies.MAX_ENUMERATED_VALUES);
        List<Var> weights = new ArrayList<>();
        for (Var v : values) {
            weights.add(shape.perElementOfBatch(dist.logDensity(v)).exp());
        }
        return new Fork() {
            @Override
            public List<Var> values() {
                return values;
            }

            @Override
            public Var combine(List<Var> continuations) {
                Var total = null;
                for (int i = 0; i < values.size(); i++) {
                    Var w = weights.get(i);
                    Var term = w.mul(continuations.get(i).cast(w.dtype()));
                    total = total == null ? term : total.add(term);
                }
                return total;
            }
        };
    }
}
