package dev.ppl.vi.smc;

import java.util.Objects;

/**
 * When and how an SMC sweep resamples. Before step \(t > 0\), with the particles' weights
 * \(w_k\) accumulated since the last resampling and \(W_k = w_k / \sum_j w_j\), the effective
 * sample size is \(\mathrm{ESS} = 1/\sum_k W_k^2 \in [1, K]\); the sweep resamples with
 * {@link #scheme} when \(\mathrm{ESS}/K < \tau\) ({@link #threshold} \(\tau\)), and at every
 * step when \(\tau = 1\). \(\tau = 0\) never resamples (sequential importance sampling, whose
 * \(\hat Z\) is the importance-sampling estimate of the whole sequence).
 *
 * @param scheme the resampling scheme
 * @param threshold \(\tau \in [0, 1]\)
 */
public record ResamplingPolicy(Resampling scheme, double threshold) {
    /**
     * Checks the arguments.
     *
     * @throws IllegalArgumentException if the threshold is not in [0, 1] (or NaN)
     */
    public ResamplingPolicy {
        Objects.requireNonNull(scheme, "scheme");
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("ResamplingPolicy: the ESS threshold must lie in [0, 1] "
                    + "(0: never resample, 1: every step), got " + threshold);
        }
    }

    /** Resampling with {@code scheme} before every step after the first. */
    public static ResamplingPolicy everyStep(Resampling scheme) {
        return new ResamplingPolicy(scheme, 1.0);
    }

    /** Resampling with {@code scheme} when \(\mathrm{ESS}/K\) falls below {@code threshold}. */
    public static ResamplingPolicy adaptive(Resampling scheme, double threshold) {
        return new ResamplingPolicy(scheme, threshold);
    }

    /** No resampling (sequential importance sampling). */
    public static ResamplingPolicy never() {
        return new ResamplingPolicy(Resampling.SYSTEMATIC, 0.0);
    }

    /** Whether to resample particles of normalized weights {@code weights}. */
    public boolean shouldResample(double[] weights) {
        if (threshold >= 1.0) {
            return true;
        }
        if (threshold <= 0.0) {
            return false;
        }
        double sumSq = 0;
        for (double w : weights) {
            sumSq += w * w;
        }
        return 1.0 / sumSq < threshold * weights.length;
    }
}
