package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.discrete.Categorical;
import java.util.ArrayList;
import java.util.List;

/**
 * MVD of Categorical(\(\pi\)), coordinate \(i\) at a time: with \(x^{(i,k)}\) the sample with coordinate
 * \(i\) set to category \(k\),
 * \[ T = T_x + \textstyle\sum_i \sum_k (\pi_{ik} - \mathrm{sg}\,\pi_{ik})\, \mathrm{sg}(T_{x^{(i,k)}} - T_x) \]
 * (since \(\sum_k \nabla\pi_{ik} = 0\), \(E\) of the gradient is \(\sum_k \nabla\pi_{ik}\, E[f \mid x_i = k]\)).
 */
final class CategoricalMvd implements MvdRule {
    @Override
    public boolean appliesTo(Distribution<Var> dist) {
        return dist instanceof Categorical;
    }

    @Override
    public MultiShot.Fork fork(Distribution<Var> dist, Var x, ChoiceShape shape) {
        Var probs = ((Categorical) dist).probs();
        long k = probs.shape()[probs.rank() - 1];
        int m = MvdRule.coordinates(shape);
        List<Var> values = new ArrayList<>();
        values.add(x);
        for (int i = 0; i < m; i++) {
            Var mask = shape.mask(i, x);
            Var others = x.mul(mask.rsub(1.0));
            for (long c = 0; c < k; c++) {
                values.add(others.add(mask.mul((double) c)));
            }
        }
        return MvdRule.of(values, t -> {
            Var total = t.get(0);
            for (int i = 0; i < m; i++) {
                Var mask = shape.mask(i, x);
                for (int c = 0; c < k; c++) {
                    Var pi = probs.slice(-1, c, c + 1).squeeze(-1);
                    Var dpi = shape.perElementOfValue(pi.sub(pi.stopGradient()).mul(mask));
                    total = total.add(dpi.mul(t.get(1 + i * (int) k + c).sub(t.get(0)).stopGradient()));
                }
            }
            return total;
        });
    }
}
