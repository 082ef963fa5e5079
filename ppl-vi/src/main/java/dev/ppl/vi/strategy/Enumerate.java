package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Exact enumeration of a finite support by re-running the continuation:
 * \[ T = \sum_{v} p_\theta(v)\, T_v, \]
 * one continuation per support value \(v\). For a batched choice every element is forced to
 * the \(k\)-th support value at once, which is exact when each element's continuation depends
 * on the choice only through that element (the plate's conditional independence). Needs
 * {@link Distribution#isEnumerable()}.
 */
public final class Enumerate implements Strategy {
    static final Enumerate INSTANCE = new Enumerate();

    private Enumerate() {}

    @Override public String name() { return "ENUM"; }
    @Override public boolean appliesTo(Distribution<Var> dist) { return dist.isEnumerable(); }
    @Override public boolean isMultiShot() { return true; }

    @Override
    public Fork fork(Distribution<Var> dist, Rng rng) {
        Var support = dist.support();
        long k = support.shape()[0];
        List<Var> values = new ArrayList<>();
        for (long i = 0; i < k; i++) {
            values.add(support.slice(0, i, i + 1).squeeze(0));
        }
        return new Fork() {
            @Override
            public List<Var> values() {
                return values;
            }

            @Override
            public Var combine(List<Var> continuations, UnaryOperator<Var> toCostShape) {
                Var total = null;
                for (int i = 0; i < values.size(); i++) {
                    Var weight = toCostShape.apply(dist.logDensity(values.get(i))).exp();
                    Var term = weight.mul(continuations.get(i).cast(weight.dtype()));
                    total = total == null ? term : total.add(term);
                }
                return total;
            }
        };
    }
}
