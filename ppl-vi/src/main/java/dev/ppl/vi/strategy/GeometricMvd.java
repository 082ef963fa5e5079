package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.discrete.Geometric;
import java.util.List;

/**
 * MVD of Geometric(\(p\)) (failures before the first success), coordinate \(i\) at a time:
 * \[ T = T_x + \textstyle\sum_i (p_i - \mathrm{sg}\,p_i)\, \mathrm{sg}\!\left(-\tfrac{x_i+1}{p_i}(T_{x+e_i} - T_x)\right), \]
 * from \(\partial_p E[f(X)] = -\tfrac1p E[(X+1)(f(X+1) - f(X))]\).
 */
final class GeometricMvd implements MvdRule {
    @Override
    public boolean appliesTo(Distribution<Var> dist) {
        return dist instanceof Geometric;
    }

    @Override
    public MultiShot.Fork fork(Distribution<Var> dist, Var x, ChoiceShape shape) {
        Var p = ((Geometric) dist).probs();
        int m = MvdRule.coordinates(shape);
        List<Var> values = MvdRule.stepUpEachCoordinate(x, shape, m);
        Var d = p.sub(p.stopGradient());
        Var coef = x.add(1.0).div(p.stopGradient()).neg();
        return MvdRule.of(values, t -> {
            Var total = t.get(0);
            for (int i = 0; i < m; i++) {
                Var mask = shape.mask(i, x);
                Var signal = shape.perElementOfValue(coef.mul(mask)).mul(t.get(i + 1).sub(t.get(0)));
                total = total.add(shape.perElementOfValue(d.mul(mask)).mul(signal.stopGradient()));
            }
            return total;
        });
    }
}
