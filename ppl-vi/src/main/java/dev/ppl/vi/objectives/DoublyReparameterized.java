package dev.ppl.vi.objectives;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Trace;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.ExpectationContext;

/**
 * The importance-weighted bound with doubly reparameterized gradients (DReG, Tucker, Lawson, Gu
 * and Maddison 2019). With \(K\) particles \(z_k = f_\phi(\varepsilon_k)\), log weights
 * \(\ell_k = \log p_\theta(x, z_k) - \log q_\phi(z_k)\) and normalized weights
 * \(\tilde w_k = e^{\ell_k} / \sum_j e^{\ell_j}\), the value is the IWELBO
 * \(L = \log \frac1K \sum_k e^{\ell_k}\) and the gradient estimates are
 * \[ \nabla_\theta:\ \sum_k \tilde w_k\, \nabla_\theta \log p_\theta(x, z_k), \qquad
 *    \nabla_\phi:\ \sum_k \tilde w_k^2\, \frac{\partial \ell_k}{\partial z_k} \frac{\partial z_k}{\partial \phi}, \]
 * the first the usual IWAE model gradient, the second an unbiased estimate of the IWAE guide
 * gradient without its high-variance score terms (whose signal-to-noise ratio vanishes as \(K\)
 * grows; Rainforth et al. 2018). As a surrogate, with \(\mathrm{sg}\) stop-gradient,
 * \(P_k = \log p_\theta(x, \mathrm{sg} z_k)\) and \(Q_k = \log q_\phi(\mathrm{sg} z_k)\):
 * \[ T = \mathrm{sg}(L) + \sum_k \mathrm{sg}(\tilde w_k)(P_k - \mathrm{sg} P_k)
 *      + \sum_k \mathrm{sg}(\tilde w_k^2)\big(\ell_k + Q_k - P_k - \mathrm{sg}\,\ell_k\big). \]
 * <b>Requires every guide choice to be reparameterized</b> (the default where the distribution
 * allows): the \(\phi\) gradient is a path derivative. \(K = 1\) is {@link StickingTheLanding}.
 *
 * <p>{@link #rwsGuide} is the DReG form of the reweighted wake-sleep guide update (Tucker et al.
 * 2019, RWS-DReG): the wake-phase guide gradient \(E[\sum_k \tilde w_k \nabla_\phi \log q_\phi(z_k)]\)
 * equals \(E[\sum_k (\tilde w_k - \tilde w_k^2)\, \frac{\partial \ell_k}{\partial z_k}
 * \frac{\partial z_k}{\partial \phi}]\) (apply \(E_q[h\,\nabla_\phi \log q] = E[\partial_z h\,
 * \partial_\phi z]\) to \(h = \tilde w_k\), whose derivative in \(\ell_k\) is \(\tilde w_k - \tilde w_k^2\)).
 * Written with the public API only; particles are simulated under the namespaces {@code "0"},
 * {@code "1"}, ... as in {@link Objectives#iwelbo}.
 */
public final class DoublyReparameterized {
    private DoublyReparameterized() {}

    /** IWELBO(K) of {@code problem} (maximized) with the DReG gradient. */
    public static <A> Expectation<A> iwelbo(VariationalProblem<A> problem, int k) {
        requireParticles("iwelbo", k);
        return Expectation.of((ctx, args) -> {
            Particles p = Particles.simulate(ctx, problem, args, k);
            Var weights = p.logWeights().stopGradient().softmax(0);
            Var value = p.logWeights().logSumExp(false, 0).sub(Math.log(k)).stopGradient();
            Var model = weights.mul(centered(p.modelDirect())).sum();
            Var guide = weights.square().mul(centered(p.path())).sum();
            return value.add(model).add(guide);
        });
    }

    /**
     * The reweighted wake-sleep guide objective with the DReG gradient: value
     * \(\sum_k \tilde w_k \log q_\phi(z_k)\) (the self-normalized estimate of \(E_{p(z|x)}[\log q_\phi(z)]\),
     * maximized), surrogate
     * \(\mathrm{sg}(\sum_k \tilde w_k Q_k) + \sum_k \mathrm{sg}(\tilde w_k - \tilde w_k^2)(\ell_k + Q_k - P_k - \mathrm{sg}\,\ell_k)\);
     * no gradient for the model's parameters (train them with the IWELBO or {@code WakeSleep.pWake}).
     */
    public static <A> Expectation<A> rwsGuide(VariationalProblem<A> problem, int k) {
        requireParticles("rwsGuide", k);
        return Expectation.of((ctx, args) -> {
            Particles p = Particles.simulate(ctx, problem, args, k);
            Var weights = p.logWeights().stopGradient().softmax(0);
            Var value = weights.mul(p.guideDirect()).sum().stopGradient();
            Var coefficient = weights.sub(weights.square());
            return value.add(coefficient.mul(centered(p.path())).sum());
        });
    }

    /**
     * \(K\) guide simulations (namespaces "0".."K-1"), each shape {@code [K]}: log weights
     * \(\ell_k\), \(P_k = \log p(x, \mathrm{sg} z_k)\), \(Q_k = \log q(\mathrm{sg} z_k)\) and
     * \(\ell_k + Q_k - P_k\), whose gradient is the path derivative through \(z_k\) alone.
     */
    private record Particles(Var logWeights, Var modelDirect, Var guideDirect, Var path) {
        static <A> Particles simulate(ExpectationContext ctx, VariationalProblem<A> problem, A args, int k) {
            ChoiceMap obs = problem.observations().apply(args);
            Var[] logW = new Var[k];
            Var[] p = new Var[k];
            Var[] q = new Var[k];
            Var[] path = new Var[k];
            for (int i = 0; i < k; i++) {
                Trace<A, ?> t = ctx.simulate(Integer.toString(i), problem.guide(), args);
                ChoiceMap fixed = t.choices().mapValues(Var::stopGradient);
                Var logP = ctx.density(problem.model(), t.choices().merge(obs), args);
                p[i] = ctx.density(problem.model(), fixed.merge(obs), args).cast(logP.dtype());
                q[i] = ctx.density(problem.guide(), fixed, args).cast(logP.dtype());
                logW[i] = logP.sub(t.score().cast(logP.dtype()));
                path[i] = logW[i].add(q[i]).sub(p[i]);
            }
            return new Particles(Var.stack(0, logW), Var.stack(0, p), Var.stack(0, q), Var.stack(0, path));
        }
    }

    private static void requireParticles(String what, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("DReG " + what + ": need at least 1 particle, got " + k);
        }
    }

    /** \(v - \mathrm{sg}(v)\): value 0, gradient of \(v\). */
    private static Var centered(Var v) {
        return v.sub(v.stopGradient());
    }
}
