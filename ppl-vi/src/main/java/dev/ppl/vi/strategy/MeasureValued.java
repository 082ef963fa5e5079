package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.dist.discrete.Categorical;
import dev.ppl.dist.discrete.Geometric;
import dev.ppl.dist.discrete.Poisson;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Measure-valued derivatives (Pflug 1989; Mohamed et al. 2020, section 6) with coupled
 * continuations: \(x \sim p_\theta\) is sampled and the continuation also runs at coupled
 * alternatives. With \(q = \mathrm{sg}\),
 * <ul>
 *   <li>Bernoulli(\(p\)): \(T = T_x + (p - q(p))\, q(s\,(T_x - T_{\lnot x}))\), \(s = 2x - 1\);</li>
 *   <li>Categorical(\(\pi\)): \(T = T_x + \sum_k (\pi_k - q(\pi_k))\, q(T_k - T_x)\) (since
 *       \(\sum_k \nabla\pi_k = 0\), \(E_x\) of the gradient is \(\sum_k \nabla\pi_k\, E[k(k)]\));</li>
 *   <li>Poisson(\(\lambda\)): \(T = T_x + (\lambda - q(\lambda))\, q(T_{x+1} - T_x)\), from
 *       \(\partial_\lambda E[f(X)] = E[f(X+1) - f(X)]\);</li>
 *   <li>Geometric(\(p\)) (failures before the first success):
 *       \(T = T_x + (p - q(p))\, q\!\left(-\tfrac{x+1}{p}(T_{x+1} - T_x)\right)\), from
 *       \(\partial_p E[f(X)] = -\tfrac1p E[(X+1)(f(X+1) - f(X))]\).</li>
 * </ul>
 * Batched choices are handled per element (all elements move to their alternative at once).
 */
public final class MeasureValued implements Strategy {
    static final MeasureValued INSTANCE = new MeasureValued();

    private MeasureValued() {}

    @Override public String name() { return "MVD"; }

    @Override
    public boolean appliesTo(Distribution<Var> dist) {
        return dist instanceof Bernoulli || dist instanceof Categorical || dist instanceof Poisson || dist instanceof Geometric;
    }

    @Override public boolean isMultiShot() { return true; }

    @Override
    public Fork fork(Distribution<Var> dist, Rng rng) {
        Var x = dist.sample(rng).stopGradient();
        if (dist instanceof Bernoulli b) {
            Var alt = x.rsub(1.0);
            Var s = x.mul(2.0).sub(1.0);
            return fork(List.of(x, alt), (t, shape) -> t.get(0).add(
                    b.probs().sub(b.probs().stopGradient()).mul(s.mul(t.get(0).sub(t.get(1))).stopGradient())));
        }
        if (dist instanceof Poisson p) {
            return fork(List.of(x, x.add(1.0)), (t, shape) -> t.get(0).add(
                    p.rate().sub(p.rate().stopGradient()).mul(t.get(1).sub(t.get(0)).stopGradient())));
        }
        if (dist instanceof Geometric g) {
            Var p = g.probs();
            Var coef = x.add(1.0).div(p.stopGradient()).neg();
            return fork(List.of(x, x.add(1.0)), (t, shape) -> t.get(0).add(
                    p.sub(p.stopGradient()).mul(coef.mul(t.get(1).sub(t.get(0))).stopGradient())));
        }
        Categorical c = (Categorical) dist;
        Var support = c.support();
        long k = support.shape()[0];
        List<Var> values = new ArrayList<>();
        values.add(x);
        for (long i = 0; i < k; i++) {
            values.add(support.slice(0, i, i + 1).squeeze(0));
        }
        Var probs = c.probs();
        return fork(values, (t, shape) -> {
            Var total = t.get(0);
            for (int i = 0; i < k; i++) {
                Var pi = probs.slice(-1, i, i + 1).squeeze(-1);
                total = total.add(pi.sub(pi.stopGradient()).mul(t.get(i + 1).sub(t.get(0)).stopGradient()));
            }
            return total;
        });
    }

    private interface Combiner {
        Var combine(List<Var> continuations, UnaryOperator<Var> toCostShape);
    }

    private static Fork fork(List<Var> values, Combiner combiner) {
        return new Fork() {
            @Override
            public List<Var> values() {
                return values;
            }

            @Override
            public Var combine(List<Var> continuations, UnaryOperator<Var> toCostShape) {
                return combiner.combine(continuations, toCostShape);
            }
        };
    }
}
