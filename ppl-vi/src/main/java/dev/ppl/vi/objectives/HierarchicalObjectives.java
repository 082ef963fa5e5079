package dev.ppl.vi.objectives;

import dev.ppl.vi.Expectation;
import dev.ppl.vi.approx.Marginal;

/**
 * Hierarchical variational objectives: the ELBO and IWELBO programs of {@link Objectives},
 * unchanged, over a {@link Marginal} guide \(q(x) = \int q(x, u)\,du\), whose trace score is
 * \(-\log \widehat{q^{-1}}(x)\) with \(K\) auxiliary samples (Becker et al., PLDI 2024).
 * Every objective is maximized and is a lower bound on \(\log p(y)\):
 * \[ \mathrm{HVI} \le \mathrm{IWHVI}_K \le \mathrm{ELBO}(q) \le \log p(y), \qquad
 *    \mathrm{IWHVI}_K \le \mathrm{DIWHVI}_{K,N} \le \log p(y), \]
 * where \(\mathrm{ELBO}(q)\) uses the exact marginal density and \(\mathrm{IWHVI}_K\) increases with
 * \(K\) towards it (Sobolev and Vetrov 2019).
 */
public final class HierarchicalObjectives {
    private HierarchicalObjectives() {}

    /**
     * HVI (Salimans et al. 2015; Ranganath et al. 2016):
     * \(E_{(x, u) \sim q}[\log p(x, y) - \log q(x, u) + \log r(u \mid x)]\), the ELBO with a marginal
     * guide of \(K = 1\); below the ELBO of the exact marginal by
     * \(E_x[\mathrm{KL}(q(u \mid x) \,\|\, r(u \mid x))]\).
     *
     * @throws IllegalArgumentException if the guide is not a {@link Marginal} with one auxiliary sample
     */
    public static <A> Expectation<A> hvi(VariationalProblem<A> problem) {
        Marginal<A> q = marginalGuide("hvi", problem);
        if (q.auxiliarySamples() != 1) {
            throw new IllegalArgumentException("hvi: the guide '" + q.name() + "' has K = " + q.auxiliarySamples()
                    + " auxiliary samples; HVI has one, use iwhvi for K > 1");
        }
        return Objectives.elbo(problem);
    }

    /**
     * IWHVI (Sobolev and Vetrov 2019): \(E[\log p(x, y) - \log \frac1K \sum_{k=1}^K q(x, u_k)/r(u_k \mid x)]\)
     * with \((x, u_1) \sim q\) and \(u_{2..K} \sim r(\cdot \mid x)\), the ELBO with a marginal guide of
     * \(K\) auxiliary samples; \(K = 1\) is HVI.
     *
     * @throws IllegalArgumentException if the guide is not a {@link Marginal}
     */
    public static <A> Expectation<A> iwhvi(VariationalProblem<A> problem) {
        marginalGuide("iwhvi", problem);
        return Objectives.elbo(problem);
    }

    /**
     * DIWHVI (doubly importance-weighted HVI, Sobolev and Vetrov 2019):
     * \(E[\log \frac1N \sum_{n=1}^N p(x_n, y)\,\widehat{q^{-1}}(x_n)]\), the IWELBO with \(N\) guide
     * simulations of a marginal guide, each with its own \(K\) auxiliary samples.
     *
     * @throws IllegalArgumentException if the guide is not a {@link Marginal} or there are fewer than one outer samples
     */
    public static <A> Expectation<A> diwhvi(VariationalProblem<A> problem, int n) {
        marginalGuide("diwhvi", problem);
        return Objectives.iwelbo(problem, n);
    }

    private static <A> Marginal<A> marginalGuide(String what, VariationalProblem<A> problem) {
        if (!(problem.guide() instanceof Marginal<?> m)) {
            throw new IllegalArgumentException(what + ": the guide '" + problem.guide().name()
                    + "' must be a Marginal (Marginal.of(joint, keep, K)) of a hierarchical family");
        }
        @SuppressWarnings("unchecked")
        Marginal<A> q = (Marginal<A>) m;
        return q;
    }
}
