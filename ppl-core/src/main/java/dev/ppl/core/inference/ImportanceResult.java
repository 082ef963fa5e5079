package dev.ppl.core.inference;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;
import java.util.List;

/**
 * The particles of an importance sampler: traces \(\tau_k\) and log weights \(\log w_k\) (as
 * differentiable {@link Var}s, so objectives can use them), with the derived estimates:
 * \(\log \hat Z = \operatorname{logsumexp}_k \log w_k - \log K\), the normalized weights
 * \(\bar w_k\) and the effective sample size \(1 / \sum_k \bar w_k^2\).
 */
public record ImportanceResult<A, R>(List<Trace<A, R>> traces, List<Var> logWeights) {
    /** Copies the lists. */
    public ImportanceResult {
        traces = List.copyOf(traces);
        logWeights = List.copyOf(logWeights);
    }

    /** The number of particles \(K\). */
    public int size() {
        return traces.size();
    }

    /** \(\log w_k\) as doubles. */
    public double[] logWeightValues() {
        double[] w = new double[size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = logWeights.get(k).item();
        }
        return w;
    }

    /** \(\log \hat Z = \log \frac1K \sum_k w_k\), computed stably. */
    public double logMarginalLikelihood() {
        double[] w = logWeightValues();
        return logSumExp(w) - Math.log(w.length);
    }

    /** The self-normalized weights \(\bar w_k\), summing to 1. */
    public double[] normalizedWeights() {
        double[] w = logWeightValues();
        double lse = logSumExp(w);
        double[] out = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            out[k] = Math.exp(w[k] - lse);
        }
        return out;
    }

    /** The effective sample size \(1/\sum_k \bar w_k^2\), between 1 and \(K\). */
    public double effectiveSampleSize() {
        double s = 0;
        for (double v : normalizedWeights()) {
            s += v * v;
        }
        return 1 / s;
    }

    /** One particle drawn with probability \(\bar w_k\) (the resampling step of SIR). */
    public Trace<A, R> resample(Rng rng) {
        double u = rng.uniformDouble();
        double[] w = normalizedWeights();
        double c = 0;
        for (int k = 0; k < w.length; k++) {
            c += w[k];
            if (u < c) {
                return traces.get(k);
            }
        }
        return traces.get(w.length - 1);
    }

    static double logSumExp(double[] w) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : w) {
            m = Math.max(m, v);
        }
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        double s = 0;
        for (double v : w) {
            s += Math.exp(v - m);
        }
        return m + Math.log(s);
    }
}
