package dev.ppl.vi.smc;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import java.util.List;

/**
 * One SMC sweep run inside an objective program ({@link SmcSampler#sweep}), its quantities
 * differentiable {@link Var}s:
 * <ul>
 *   <li>{@link #logNormalizer}: \(\log \hat Z_{\mathrm{SMC}}\), with \(E[\hat Z] = p(y_{1:T})\);</li>
 *   <li>{@link #ancestorLogProbability}: \(\sum_{t \in R} \log P(a_t \mid W_t)\) over the
 *       resamplings \(R\) of the sweep (0 if none), the log probability of the ancestor indices
 *       drawn (see {@link Ancestors}), for programs that form their own score-function terms
 *       \(\mathrm{sg}(c)\,(\log P(a) - \mathrm{sg}\log P(a))\);</li>
 *   <li>{@link #logWeights}: the particles' final log weights (accumulated since the last
 *       resampling), and {@link #latents}: particle \(k\)'s latent choices \(x^k_{0:T-1}\) along
 *       its ancestral path, at the model's addresses {@code t/...}.</li>
 * </ul>
 *
 * @param logNormalizer \(\log \hat Z\)
 * @param ancestorLogProbability \(\sum_t \log P(a_t)\)
 * @param logWeights each particle's final log weight
 * @param steps each particle's latent choices per step (without the step prefix)
 * @param resampledBefore the steps \(t\) before which the sweep resampled
 */
public record SmcSweep(Var logNormalizer, Var ancestorLogProbability, List<Var> logWeights, List<List<ChoiceMap>> steps,
        List<Integer> resampledBefore) {
    /** Copies the lists. */
    public SmcSweep {
        logWeights = List.copyOf(logWeights);
        steps = steps.stream().map(List::copyOf).toList();
        resampledBefore = List.copyOf(resampledBefore);
    }

    /** The number of particles \(K\). */
    public int particles() {
        return logWeights.size();
    }

    /** Particle {@code k}'s latent choices along its ancestral path, at {@code t/...} for each step \(t\). */
    public ChoiceMap latents(int k) {
        if (k < 0 || k >= steps.size()) {
            throw new IllegalArgumentException("SmcSweep.latents: particle " + k + " is not in 0.." + (steps.size() - 1));
        }
        ChoiceMap out = ChoiceMap.empty();
        List<ChoiceMap> path = steps.get(k);
        for (int t = 0; t < path.size(); t++) {
            out = out.merge(path.get(t).prefixed(Address.parse(Integer.toString(t))));
        }
        return out;
    }
}
