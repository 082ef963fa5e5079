package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.discrete.Bernoulli;
import java.util.ArrayList;
import java.util.List;

/**
 * MVD of Bernoulli(\(p\)), coordinate \(i\) at a time: with \(\bar x^{(i)}\) the sample with coordinate
 * \(i\) flipped and \(s_i = 2x_i - 1\),
 * \[ T = T_x + \textstyle\sum_i (p_i - \mathrm{sg}\,p_i)\, \mathrm{sg}\big(s_i (T_x - T_{\bar x^{(i)}})\big), \]
 * from \(\partial_{p_i} E f(x) = E_{x_{-i}}[f(x_i{=}1) - f(x_i{=}0)]\).
 */
final class BernoulliMvd implements MvdRule {
    @Override
    public boolean appliesTo(Distribution<Var> dist) {
        return dist instanceof Bernoulli;
    }

    @Override
    public MultiShot.Fork fork(Distribution<Var> dist, Var x, ChoiceShape shape) {
        Var p = ((Bernoulli) dist).probs();
        int m = MvdRule.coordinates(shape);
        Var flip = x.mul(-2.0).add(1.0);
        List<Var> values = new ArrayList<>();
        values.add(x);
        for (int i = 0; i < m; i++) {
            values.add(x.add(shape.mask(i, x).mul(flip)));
        }
        Var dp = p.sub(p.stopGradient());
        Var s = x.mul(2.0).sub(1.0);
        return MvdRule.of(values, t -> {
            Var total = t.get(0);
            for (int i = 0; i < m; i++) {
                Var mask = shape.mask(i, x);
                Var diff = shape.perElementOfValue(s.mul(mask)).mul(t.get(0).sub(t.get(i + 1)));
                total = total.add(shape.perElementOfValue(dp.mul(mask)).mul(diff.stopGradient()));
            }
            return total;
        });
    }
}
