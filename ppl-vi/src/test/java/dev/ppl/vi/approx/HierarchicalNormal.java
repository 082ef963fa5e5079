package dev.ppl.vi.approx;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.objectives.VariationalProblem;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shared fixture: model \(z \sim N(0, 1)\), \(y \mid z \sim N(z, 1)\) with \(y = 0.7\) observed, so
 * \(\log p(y) = \log N(y; 0, \sqrt 2)\); hierarchical guide \(u \sim N(0, 1)\),
 * \(z \sim N(m + a u, s)\), \(s = e^{\ell}\), whose marginal is \(N(m, \sqrt{a^2 + s^2})\). Parameters
 * {@code [m, a, l]} in float64.
 */
public final class HierarchicalNormal {
    public static final double Y = 0.7;
    public static final double LOG_PY = new NormalDistribution(0, Math.sqrt(2)).logDensity(Y);
    static final double LOG_2PI = Math.log(2 * Math.PI);

    public final Var m, a, l;
    public final GenerativeFunction<Void, Var> model, joint;

    public HierarchicalNormal(double m0, double a0, double s0) {
        m = Var.param(Nd4j.scalar(m0));
        a = Var.param(Nd4j.scalar(a0));
        l = Var.param(Nd4j.scalar(Math.log(s0)));
        model = Gen.fn("model", (ctx, x) -> {
            Var z = ctx.sample("z", Normal.of(c(0), c(1)));
            return ctx.sample("y", Normal.of(z, c(1)));
        });
        joint = Gen.fn("joint", List.of(m, a, l), (ctx, x) -> {
            Var u = ctx.sample("u", Normal.of(c(0), c(1)));
            return ctx.sample("z", Normal.of(m.add(a.mul(u)), l.exp()));
        });
    }

    public static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    public List<Var> params() {
        return List.of(m, a, l);
    }

    public ChoiceMap observations() {
        return ChoiceMap.of("y", Nd4j.scalar(Y));
    }

    /** The marginal of the guide over {@code z} with {@code k} auxiliary samples from the prior of {@code u}. */
    public Marginal<Void> marginal(int k) {
        return Marginal.of(joint, Selection.of("z"), k);
    }

    /** The problem with the marginal guide. */
    public VariationalProblem<Void> problem(int k) {
        return VariationalProblem.of(model, marginal(k), observations());
    }

    /** \(a^2 + s^2\), the marginal variance. */
    public Var marginalVariance() {
        return a.square().add(l.mul(2.0).exp());
    }

    /** \(\log q(z) = \log N(z; m, \sqrt{a^2 + s^2})\) at a (possibly differentiable) {@code z}. */
    public Var logMarginal(Var z) {
        Var v = marginalVariance();
        return z.sub(m).square().div(v).add(v.log()).add(LOG_2PI).mul(-0.5);
    }

    /** \(E_q[\log p(z) + \log p(y \mid z)]\) with \(z \sim N(m, a^2 + s^2)\). */
    public Var expectedLogJoint() {
        Var v = marginalVariance();
        Var prior = m.square().add(v).mul(-0.5).sub(0.5 * LOG_2PI);
        Var lik = m.rsub(Y).square().add(v).mul(-0.5).sub(0.5 * LOG_2PI);
        return prior.add(lik);
    }

    /** The ELBO of the exact marginal: expected log joint plus the entropy \(\frac12 \log(2\pi e (a^2 + s^2))\). */
    public Var exactElbo() {
        return expectedLogJoint().add(marginalVariance().log().add(LOG_2PI + 1).mul(0.5));
    }

    /**
     * HVI with \(K = 1\) and the prior of \(u\) as proposal: \(E[\log p(y, z) - \log q(z \mid u)]\), the
     * expected log joint plus the conditional entropy \(\frac12 \log(2\pi e s^2)\).
     */
    public Var exactHvi() {
        return expectedLogJoint().add(l.add(0.5 * (LOG_2PI + 1)));
    }
}
