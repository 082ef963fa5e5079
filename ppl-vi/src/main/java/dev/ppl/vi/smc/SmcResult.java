package dev.ppl.vi.smc;

import java.util.List;

/**
 * The outcome of one SMC sweep ({@link SmcSampler#run}): the \(K\) particles' final states
 * \(s^k_T\), their trajectories \([s^k_1, \dots, s^k_T]\) (following the ancestors through every
 * resampling), their final log weights \(\log w_k\) (accumulated since the last resampling; the
 * particles with normalized weights \(W_k \propto w_k\) approximate the filtering distribution
 * and, through the trajectories, the smoothing distribution), and
 * \[ \log \hat Z = \sum_{\text{epochs}} \log \tfrac1K \textstyle\sum_k w_k, \qquad
 *    E[\hat Z] = p(y_{1:T}), \]
 * the log of an unbiased estimate of the marginal likelihood (so \(E[\log \hat Z] \le \log p(y)\)).
 *
 * @param states the final state of each particle
 * @param trajectories each particle's states after every step
 * @param logWeights each particle's final log weight
 * @param logNormalizer \(\log \hat Z\)
 * @param resampledBefore the steps \(t\) before which the sweep resampled
 * @param <S> the state type
 */
public record SmcResult<S>(List<S> states, List<List<S>> trajectories, double[] logWeights, double logNormalizer,
        List<Integer> resampledBefore) {
    /** Copies the lists and the weights. */
    public SmcResult {
        states = List.copyOf(states);
        trajectories = List.copyOf(trajectories);
        logWeights = logWeights.clone();
        resampledBefore = List.copyOf(resampledBefore);
    }

    /** The normalized weights \(W_k = w_k / \sum_j w_j\). */
    public double[] normalizedWeights() {
        return Sweep.normalizedFromLogs(logWeights);
    }
}
