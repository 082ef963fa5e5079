package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.discrete.Poisson;
import java.util.List;

/**
 * MVD of Poisson(\(\lambda\)), coordinate \(i\) at a time: with \(x + e_i\) the sample with coordinate
 * \(i\) increased by one,
 * \[ T = T_x + \textstyle\sum_i (\lambda_i - \mathrm{sg}\,\lambda_i)\, \mathrm{sg}(T_{x + e_i} - T_x), \]
 * from \(\partial_\lambda E[f(X)] = E[f(X+1) - f(X)]\).
 */
final class PoissonMvd implements MvdRule {
    @Override
    public boolean appliesTo(Distribution<Var> dist) {
        return dist instanceof Poisson;
    }

    @Override
    public MultiShot.Fork fork(Distribution<Var> dist, Var x, ChoiceShape shape) {
        Var rate = ((Poisson) dist).rate();
        int m = MvdRule.coordinates(shape);
        List<Var> values = MvdRule.stepUpEachCoordinate(x, shape, m);
        Var d = rate.sub(rate.stopGradient());
        return MvdRule.of(values, t -> {
            Var total = t.get(0);
            for (int i = 0; i < m; i++) {
                total = total.add(shape.perElementOfValue(d.mul(shape.mask(i, x))).mul(t.get(i + 1).sub(t.get(0)).stopGradient()));
            }
            return total;
        });
    }
}
