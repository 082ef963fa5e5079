package dev.ppl.vi.objectives;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.ExpectationContext;
import dev.ppl.vi.strategy.Strategies;

/**
 * The objective library: variational objectives written as {@link Expectation} programs with the
 * public API only ({@code ctx.simulate} of the guide, {@code ctx.density} of the model), exactly
 * as a user would write them. One sign convention: every objective is <b>maximized</b> (for
 * {@link #cubo} see its note). With importance weights
 * \(w = p_\theta(x, z) / q_\phi(z)\), \(z \sim q_\phi\), and \(K\) independent particles
 * \(z_1, \dots, z_K\) simulated under the namespaces {@code "0"}, {@code "1"}, ...:
 * <ul>
 *   <li>{@link #elbo}: \(\log w\) (Jordan et al. 1999; Kingma and Welling 2014);</li>
 *   <li>{@link #iwelbo}: \(\log \frac1K \sum_k w_k\) (IWAE, Burda et al. 2016);</li>
 *   <li>{@link #vimco}: the same value with leave-one-out score-function control variates
 *       (Mnih and Rezende 2016);</li>
 *   <li>{@link #renyi}: \(\frac{1}{1-\alpha} \log \frac1K \sum_k w_k^{1-\alpha}\)
 *       (Li and Turner 2016);</li>
 *   <li>{@link #cubo}: \(\frac1n \log \frac1K \sum_k w_k^n\) (Dieng et al. 2017), an upper bound.</li>
 * </ul>
 * Gradients follow the guide's strategies (REPARAM where available, REINFORCE otherwise) unless
 * the caller overrides them with {@link Expectation#withStrategy}; {@link #vimco} fixes its own.
 * The programs return scalars: the model's and the guide's log densities are summed over data.
 */
public final class Objectives {
    private Objectives() {}

    /**
     * The evidence lower bound \(\mathrm{ELBO} = E_{z \sim q}[\log p(x, z) - \log q(z)] \le \log p(x)\);
     * one estimate is \(\log p(x, z) - \log q(z)\) with one guide simulation.
     */
    public static <A> Expectation<A> elbo(VariationalProblem<A> problem) {
        return Expectation.of((ctx, args) -> {
            Trace<A, ?> q = ctx.simulate(problem.guide(), args);
            return logWeight(ctx, problem, q, args);
        });
    }

    /**
     * The importance-weighted bound (IWAE, Burda et al. 2016)
     * \(E[\log \frac1K \sum_{k=1}^K p(x, z_k)/q(z_k)]\), \(z_k \sim q\) independent;
     * \(K = 1\) is the ELBO, and the bound increases with \(K\) towards \(\log p(x)\).
     */
    public static <A> Expectation<A> iwelbo(VariationalProblem<A> problem, int k) {
        requireParticles("iwelbo", k, 1);
        return Expectation.of((ctx, args) -> logMeanExp(logWeights(ctx, problem, args, k, null)));
    }

    /**
     * VIMCO (Mnih and Rezende 2016): the value of {@link #iwelbo} \(L = \log \frac1K \sum_k w_k\)
     * with the multi-sample score-function gradient and leave-one-out control variates. With
     * \(L_{-k}\) the bound with \(\log w_k\) replaced by the mean of the other log weights
     * (their geometric mean), the surrogate is
     * \[ L + \sum_k \mathrm{sg}(L - L_{-k})\,(\log q(z_k) - \mathrm{sg}\log q(z_k)), \]
     * unbiased for \(\nabla E[L]\) since \(L_{-k}\) does not depend on \(z_k\). The guide's
     * choices are drawn with {@link Strategies#SAMPLE_ONLY} (no pathwise gradient, no engine score
     * term), so this is a score-function estimator for every guide choice, discrete or not.
     * Needs \(K \ge 2\).
     */
    public static <A> Expectation<A> vimco(VariationalProblem<A> problem, int k) {
        requireParticles("vimco", k, 2);
        String[] namespaces = new String[k];
        for (int i = 0; i < k; i++) {
            namespaces[i] = Integer.toString(i);
        }
        Expectation<A> e = Expectation.of((ctx, args) -> {
            Var[] logQ = new Var[k];
            Var[] lw = logWeights(ctx, problem, args, k, logQ);
            Var l = logMeanExp(lw);
            double[] v = new double[k];
            double total = 0;
            for (int i = 0; i < k; i++) {
                v[i] = lw[i].item();
                total += v[i];
            }
            Var surrogate = l;
            for (int i = 0; i < k; i++) {
                double[] loo = v.clone();
                loo[i] = (total - v[i]) / (k - 1);
                Var signal = Var.scalar(l.item() - logMeanExp(loo), l.dtype());
                surrogate = surrogate.add(signal.mul(logQ[i].sub(logQ[i].stopGradient()).cast(l.dtype())));
            }
            return surrogate;
        });
        return e.withStrategy(Selection.of(namespaces), Strategies.SAMPLE_ONLY);
    }

    /**
     * The Rényi variational bound (VR, Li and Turner 2016)
     * \(E[\frac{1}{1-\alpha} \log \frac1K \sum_k (p(x, z_k)/q(z_k))^{1-\alpha}]\):
     * \(\alpha = 0\) is {@link #iwelbo}, \(\alpha \to 1\) the {@link #elbo}; for \(\alpha \ge 0\) a
     * lower bound of \(\log p(x)\), for \(\alpha < 0\) an upper bound as \(K \to \infty\).
     *
     * @throws IllegalArgumentException for \(\alpha = 1\) (use {@link #elbo}) or a non-finite \(\alpha\)
     */
    public static <A> Expectation<A> renyi(VariationalProblem<A> problem, double alpha, int k) {
        if (alpha == 1.0) {
            throw new IllegalArgumentException("renyi: alpha = 1 is the limit of the Renyi bound, the ELBO; use Objectives.elbo");
        }
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("renyi: alpha must be finite, got " + alpha);
        }
        requireParticles("renyi", k, 1);
        return powerBound(problem, 1.0 - alpha, k);
    }

    /**
     * The chi upper bound (CUBO, Dieng et al. 2017)
     * \(\mathrm{CUBO}_n = \frac1n \log E_q[(p(x, z)/q(z))^n] \ge \log p(x)\) for \(n \ge 1\), estimated
     * by \(\frac1n \log \frac1K \sum_k w_k^n\) (the Rényi bound at \(\alpha = 1 - n\)).
     * <b>Sign convention:</b> unlike the other objectives (maximized), the returned value is the
     * upper bound itself, which is to be <em>minimized</em>: a training loop that minimizes the
     * negated objective must be given {@code cubo}'s negation, i.e. minimize the surrogate itself
     * (the optimizers of {@code dev.ppl.autodiff.optim} minimize). Minimizing it over the guide
     * fits \(q\) by the \(\chi^n\) divergence (mass-covering); together with a lower bound it
     * sandwiches \(\log p(x)\). The \(K\)-sample estimate is biased low (it is only an upper bound as
     * \(K \to \infty\), by Jensen's inequality); Dieng et al. instead minimize
     * \(\exp(n\,\mathrm{CUBO}_n) = E_q[w^n]\), whose estimate \(\frac1K \sum_k w_k^n\) is unbiased.
     * At the exact posterior every \(w_k = p(x)\) and the estimate is \(\log p(x)\) exactly.
     *
     * @throws IllegalArgumentException unless \(n > 1\)
     */
    public static <A> Expectation<A> cubo(VariationalProblem<A> problem, double n, int k) {
        if (!(n > 1.0) || !Double.isFinite(n)) {
            throw new IllegalArgumentException("cubo: need a finite n > 1 (n = 2 is the chi-square bound), got " + n);
        }
        requireParticles("cubo", k, 1);
        return powerBound(problem, n, k);
    }

    /** \(\frac1r \log \frac1K \sum_k w_k^r\). */
    private static <A> Expectation<A> powerBound(VariationalProblem<A> problem, double r, int k) {
        return Expectation.of((ctx, args) -> {
            Var[] lw = logWeights(ctx, problem, args, k, null);
            for (int i = 0; i < k; i++) {
                lw[i] = lw[i].mul(r);
            }
            return logMeanExp(lw).div(r);
        });
    }

    /** \(\log p(x, z) - \log q(z)\) for the guide trace {@code q}. */
    private static <A> Var logWeight(ExpectationContext ctx, VariationalProblem<A> problem, Trace<A, ?> q, A args) {
        Var logP = ctx.density(problem.model(), q.choices().merge(problem.observations().apply(args)), args);
        return logP.sub(q.score().cast(logP.dtype()));
    }

    /** {@code k} log weights from guide simulations under "0", ..., "k-1"; their \(\log q\) into {@code logQ} if given. */
    private static <A> Var[] logWeights(ExpectationContext ctx, VariationalProblem<A> problem, A args, int k, Var[] logQ) {
        Var[] lw = new Var[k];
        for (int i = 0; i < k; i++) {
            Trace<A, ?> q = ctx.simulate(Integer.toString(i), problem.guide(), args);
            lw[i] = logWeight(ctx, problem, q, args);
            if (logQ != null) {
                logQ[i] = q.score();
            }
        }
        return lw;
    }

    /** \(\log \frac1K \sum_k e^{v_k}\), elementwise over the operands' common shape. */
    private static Var logMeanExp(Var[] v) {
        return Var.logMeanExp(v);
    }

    /** \(\log \frac1K \sum_k e^{v_k}\) of numbers (no gradient). */
    private static double logMeanExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double x : v) {
            sum += Math.exp(x - max);
        }
        return max + Math.log(sum / v.length);
    }

    private static void requireParticles(String what, int k, int min) {
        if (k < min) {
            throw new IllegalArgumentException(what + ": need at least " + min + " particle" + (min > 1 ? "s" : "") + ", got " + k);
        }
    }
}
