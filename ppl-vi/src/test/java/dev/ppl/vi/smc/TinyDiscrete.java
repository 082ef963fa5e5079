package dev.ppl.vi.smc;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.combinators.Unfold;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.approx.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tiny discrete state-space model for exhaustive checks: \(T\) steps, a binary latent
 * \(x_t \in \{0, 1\}\) with \(P(x_0 = 1) = 1/2\), \(P(x_t = 1 \mid x_{t-1}) = \sigma(\alpha + \beta
 * x_{t-1})\), observations \(y_t \sim N(\mu x_t, 1)\), and a Bernoulli proposal
 * \(q(x_t = 1 \mid x_{t-1}) = \sigma(\phi_0 + \phi_1 x_{t-1})\) (\(x_{-1} = 0\)), with \(K\)
 * particles. The parameters \(\phi_0, \phi_1, \alpha\) are {@link Var}s; {@link #exact} computes
 * \(E[\log \hat Z_{\mathrm{SMC}}]\) (and other path functionals) by enumerating every particle draw
 * and every ancestor vector in plain doubles, with the resampling law found by splitting the
 * uniforms' range at its breakpoints (independent of {@link Ancestors}).
 */
final class TinyDiscrete {
    final int steps;
    final int k;
    final double[] y;
    final double mu;
    final double beta;
    final Var phi0;
    final Var phi1;
    final Var alpha;
    final GenerativeFunction<Unfold.Step<Var>, Var> kernel;
    final GenerativeFunction<Unfold.Step<Var>, Var> proposal;
    /** The proposal over the whole sequence (choices {@code t/x}), for wake-sleep's \(\log q\). */
    final GenerativeFunction<Var, Var> sequenceProposal;
    final ChoiceMap observations;

    TinyDiscrete(double[] y, double alpha, double beta, double mu, double phi0, double phi1, int k) {
        this.steps = y.length;
        this.k = k;
        this.y = y.clone();
        this.mu = mu;
        this.beta = beta;
        this.phi0 = Var.param(Nd4j.scalar(phi0));
        this.phi1 = Var.param(Nd4j.scalar(phi1));
        this.alpha = Var.param(Nd4j.scalar(alpha));
        ChoiceMap.Builder obs = ChoiceMap.builder();
        for (int t = 0; t < steps; t++) {
            obs.put(t + "/y", Nd4j.scalar(y[t]));
        }
        observations = obs.build();
        kernel = Gen.fn("tiny-step", List.of(this.alpha), (ctx, step) -> {
            Var logit = step.t() == 0 ? c(0.0) : this.alpha.add(step.state().mul(beta));
            Var x = ctx.sample("x", Bernoulli.ofLogits(logit));
            ctx.sample("y", Normal.of(x.mul(mu), c(1.0)));
            return x;
        });
        proposal = Gen.fn("tiny-proposal", List.of(this.phi0, this.phi1),
                (ctx, step) -> ctx.sample("x", Bernoulli.ofLogits(this.phi0.add(this.phi1.mul(step.state())))));
        sequenceProposal = Gen.fn("tiny-sequence-proposal", List.of(this.phi0, this.phi1), (ctx, init) -> {
            Var prev = init;
            for (int t = 0; t < steps; t++) {
                prev = ctx.sample(t + "/x", Bernoulli.ofLogits(this.phi0.add(this.phi1.mul(prev))));
            }
            return prev;
        });
    }

    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    Var init() {
        return c(0.0);
    }

    Target<Var> target() {
        return Target.of(Unfold.of(kernel, steps), observations);
    }

    SmcSampler<Var> smc(ResamplingPolicy policy) {
        return SmcSampler.of(target(), Proposal.of(proposal), k).withResampling(policy);
    }

    List<Var> params() {
        return List.of(phi0, phi1, alpha);
    }

    // ---- exact enumeration in plain doubles ----

    /** A functional of one complete sweep: final states per particle, final log weights and \(\log \hat Z\). */
    interface PathFunction {
        double apply(int[][] paths, double[] finalLogWeights, double logZ);
    }

    /** \(E[\log \hat Z]\) at parameter values {@code p} = \((\phi_0, \phi_1, \alpha)\). */
    double exactLogZ(double[] p, Resampling scheme, double threshold) {
        return exact(p, scheme, threshold, (paths, lw, logZ) -> logZ);
    }

    /** The derivatives of {@link #exactLogZ} by central differences (step 1e-5). */
    double[] exactGradient(Resampling scheme, double threshold) {
        return finiteDifferences(p -> exactLogZ(p, scheme, threshold));
    }

    /** The expectation of the standard FIVO gradient (resampling held constant), by central differences. */
    double[] exactDroppedGradient(Resampling scheme, double threshold) {
        double[] frozen = values();
        return finiteDifferences(p -> exact(p, frozen, scheme, threshold, (paths, lw, logZ) -> logZ));
    }

    double[] values() {
        return new double[] {phi0.item(), phi1.item(), alpha.item()};
    }

    double[] finiteDifferences(java.util.function.ToDoubleFunction<double[]> f) {
        double[] p = values();
        double[] g = new double[p.length];
        double h = 1e-5;
        for (int i = 0; i < p.length; i++) {
            double[] up = p.clone();
            double[] down = p.clone();
            up[i] += h;
            down[i] -= h;
            g[i] = (f.applyAsDouble(up) - f.applyAsDouble(down)) / (2 * h);
        }
        return g;
    }

    /** \(E[f]\) over every particle draw and ancestor vector, at parameter values {@code p}. */
    double exact(double[] p, Resampling scheme, double threshold, PathFunction f) {
        return exact(p, p, scheme, threshold, f);
    }

    /**
     * \(E[f]\) with the particles drawn and weighed at parameter values {@code p} but the ancestors
     * (and the decisions to resample) drawn from the weights at {@code frozen}: the derivative in
     * {@code p} at {@code p = frozen} is the expectation of the gradient that treats resampling as
     * constant (the standard FIVO gradient).
     */
    double exact(double[] p, double[] frozen, Resampling scheme, double threshold, PathFunction f) {
        int[][] paths = new int[k][0];
        return step(p, frozen, scheme, threshold, f, 0, paths, new double[k], new double[k], 0.0);
    }

    private double step(double[] p, double[] frozen, Resampling scheme, double threshold, PathFunction f, int t,
            int[][] paths, double[] lw, double[] lwFrozen, double logZ) {
        if (t == steps) {
            return f.apply(paths, lw, logZ + logMeanExp(lw));
        }
        if (t > 0 && resample(lwFrozen, threshold)) {
            double z = logZ + logMeanExp(lw);
            double total = 0;
            for (int[] a : allVectors(k, k)) {
                double pa = ancestorProbability(scheme, normalized(lwFrozen), a);
                if (pa > 0) {
                    int[][] next = new int[k][];
                    for (int i = 0; i < k; i++) {
                        next[i] = paths[a[i]];
                    }
                    total += pa * extend(p, frozen, scheme, threshold, f, t, next, new double[k], new double[k], z);
                }
            }
            return total;
        }
        return extend(p, frozen, scheme, threshold, f, t, paths, lw, lwFrozen, logZ);
    }

    private double extend(double[] p, double[] frozen, Resampling scheme, double threshold, PathFunction f, int t,
            int[][] paths, double[] lw, double[] lwFrozen, double logZ) {
        double total = 0;
        for (int[] xs : allVectors(k, 2)) {
            double prob = 1;
            double[] nlw = lw.clone();
            double[] nlwFrozen = lwFrozen.clone();
            int[][] next = new int[k][];
            for (int i = 0; i < k; i++) {
                int prev = t == 0 ? 0 : paths[i][t - 1];
                prob *= proposalProbability(p, prev, xs[i]);
                nlw[i] += logWeight(p, t, prev, xs[i]);
                nlwFrozen[i] += logWeight(frozen, t, prev, xs[i]);
                next[i] = Arrays.copyOf(paths[i], t + 1);
                next[i][t] = xs[i];
            }
            total += prob * step(p, frozen, scheme, threshold, f, t + 1, next, nlw, nlwFrozen, logZ);
        }
        return total;
    }

    /** \(q(x_t = x \mid x_{t-1} = \text{prev})\). */
    static double proposalProbability(double[] p, int prev, int x) {
        double q1 = sigmoid(p[0] + p[1] * prev);
        return x == 1 ? q1 : 1 - q1;
    }

    /** \(\log p(x_t \mid x_{t-1}) + \log p(y_t \mid x_t) - \log q(x_t \mid x_{t-1})\). */
    private double logWeight(double[] p, int t, int prev, int x) {
        double m1 = t == 0 ? 0.5 : sigmoid(p[2] + beta * prev);
        double d = y[t] - mu * x;
        return Math.log(x == 1 ? m1 : 1 - m1) - 0.5 * d * d - 0.5 * Math.log(2 * Math.PI)
                - Math.log(proposalProbability(p, prev, x));
    }

    private boolean resample(double[] lw, double threshold) {
        if (threshold >= 1) {
            return true;
        }
        double s = 0;
        for (double w : normalized(lw)) {
            s += w * w;
        }
        return 1 / s < threshold * lw.length;
    }

    /**
     * \(P(a \mid W)\): the measure of the uniforms giving {@code a}, found by splitting \([0, 1)\) at
     * every breakpoint of each point \(v_i(u)\) against the cumulative weights and testing the
     * midpoint of each piece with a plain search.
     */
    static double ancestorProbability(Resampling scheme, double[] w, int[] a) {
        int n = w.length;
        double[] cdf = new double[n];
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += w[j];
            cdf[j] = s;
        }
        if (scheme == Resampling.SYSTEMATIC) {
            double len = 0;
            List<Double> cuts = cuts(cdf, n, -1, scheme);
            for (int c = 0; c + 1 < cuts.size(); c++) {
                double mid = 0.5 * (cuts.get(c) + cuts.get(c + 1));
                boolean all = true;
                for (int i = 0; i < n && all; i++) {
                    all = search(cdf, (i + mid) / n) == a[i];
                }
                len += all ? cuts.get(c + 1) - cuts.get(c) : 0;
            }
            return len;
        }
        double prob = 1;
        for (int i = 0; i < n; i++) {
            double len = 0;
            List<Double> cuts = cuts(cdf, n, i, scheme);
            for (int c = 0; c + 1 < cuts.size(); c++) {
                double mid = 0.5 * (cuts.get(c) + cuts.get(c + 1));
                double v = scheme == Resampling.MULTINOMIAL ? mid : (i + mid) / n;
                len += search(cdf, v) == a[i] ? cuts.get(c + 1) - cuts.get(c) : 0;
            }
            prob *= len;
        }
        return prob;
    }

    /** 0, 1 and every \(u \in (0, 1)\) where point \(i\) (every point for {@code i = -1}) crosses a cumulative weight. */
    private static List<Double> cuts(double[] cdf, int n, int i, Resampling scheme) {
        TreeSet<Double> cuts = new TreeSet<>(List.of(0.0, 1.0));
        for (double cj : cdf) {
            for (int r = 0; r < n; r++) {
                if (i >= 0 && r != i) {
                    continue;
                }
                double u = scheme == Resampling.MULTINOMIAL ? cj : n * cj - r;
                if (u > 0 && u < 1) {
                    cuts.add(u);
                }
            }
        }
        return new ArrayList<>(cuts);
    }

    /** The first index whose cumulative weight exceeds {@code v} (the last one if none). */
    private static int search(double[] cdf, double v) {
        for (int j = 0; j < cdf.length; j++) {
            if (cdf[j] > v) {
                return j;
            }
        }
        return cdf.length - 1;
    }

    static List<int[]> allVectors(int length, int base) {
        List<int[]> out = new ArrayList<>();
        int total = (int) Math.pow(base, length);
        for (int code = 0; code < total; code++) {
            int[] v = new int[length];
            int c = code;
            for (int i = 0; i < length; i++) {
                v[i] = c % base;
                c /= base;
            }
            out.add(v);
        }
        return out;
    }

    static double[] normalized(double[] lw) {
        double m = Arrays.stream(lw).max().orElseThrow();
        double[] w = new double[lw.length];
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(lw[i] - m);
            s += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= s;
        }
        return w;
    }

    static double logMeanExp(double[] lw) {
        double m = Arrays.stream(lw).max().orElseThrow();
        double s = 0;
        for (double l : lw) {
            s += Math.exp(l - m);
        }
        return m + Math.log(s / lw.length);
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
