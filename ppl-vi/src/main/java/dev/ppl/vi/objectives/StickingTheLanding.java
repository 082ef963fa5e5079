package dev.ppl.vi.objectives;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Trace;
import dev.ppl.vi.Expectation;

/**
 * The ELBO with the "sticking the landing" gradient (STL, Roeder, Wu and Duvenaud 2017). For a
 * reparameterized guide \(z = f_\phi(\varepsilon)\) the total derivative of
 * \(\log p(x, z) - \log q_\phi(z)\) is the path derivative through \(z\) plus the score term
 * \(-\nabla_\phi \log q_\phi(z)|_{z\ \text{fixed}}\), whose expectation is zero. STL drops it:
 * \[ T = \log p(x, z) - \log q_\phi(z) + \big(\log q_\phi(\mathrm{sg}\,z) - \mathrm{sg}\log q_\phi(z)\big), \]
 * so the value is the ELBO estimate and the gradient is the path derivative alone, still unbiased
 * (for any strategy: \(E_q[\nabla_\phi \log q_\phi(z)] = 0\) whatever the estimator of the rest),
 * with <b>zero variance when \(q\) is the exact posterior</b>, where \(\log p(x, z) - \log q(z)\)
 * is constant in \(z\). Written with the public API only, as a user would.
 */
public final class StickingTheLanding {
    private StickingTheLanding() {}

    /** The ELBO of {@code problem} (maximized) with the STL gradient. */
    public static <A> Expectation<A> elbo(VariationalProblem<A> problem) {
        return Expectation.of((ctx, args) -> {
            Trace<A, ?> q = ctx.simulate(problem.guide(), args);
            ChoiceMap z = q.choices();
            Var logP = ctx.density(problem.model(), z.merge(problem.observations().apply(args)), args);
            Var logQ = q.score().cast(logP.dtype());
            Var direct = ctx.density(problem.guide(), z.mapValues(Var::stopGradient), args).cast(logP.dtype());
            return logP.sub(logQ).add(direct.sub(direct.stopGradient()));
        });
    }
}
