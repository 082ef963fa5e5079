package dev.ppl.vi.smc;

import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import java.util.Objects;

/**
 * How the gradient of {@link Fivo}, \(\nabla E[\log \hat Z_{\mathrm{SMC}}]\), treats the ancestor
 * indices \(a = (a_t)_{t \in R}\) drawn at the resamplings \(R\). Writing \(\varepsilon\) for the
 * proposals' noise (reparameterized choices) and \(P_\theta(a \mid \varepsilon) = \prod_{t \in R}
 * P(a_t \mid W_t)\) for the ancestors' law ({@link Ancestors}),
 * \[ \nabla_\theta E[\log \hat Z] = E\big[\nabla_\theta \log \hat Z\big]
 *    + E\big[\log \hat Z \;\nabla_\theta \log P_\theta(a \mid \varepsilon)\big], \]
 * the first term through the proposals' own strategies (pathwise for REPARAM, a score term for
 * discrete proposals), the second the resampling's score-function term.
 * <ul>
 *   <li>{@link #DROPPED}: the standard FIVO gradient of Maddison et al. (2017), Le et al. (2018)
 *       and Naesseth et al. (2018): the second term is dropped (ancestors drawn with
 *       {@code SAMPLE_ONLY}). <b>Biased</b> whenever the sweep resamples, but of low variance;
 *       the recommended default of all three papers.</li>
 *   <li>{@link #REINFORCE}: the second term estimated by REINFORCE with the cost
 *       \(c = \log \hat Z\), the program's whole value: the surrogate adds
 *       \(\mathrm{sg}(\log \hat Z)\,(\log P(a) - \mathrm{sg}\log P(a))\). <b>Unbiased</b>; its
 *       variance grows with \(T\) and \(|\log \hat Z|\).</li>
 *   <li>{@link #reinforce(Strategy)}: the same with a baseline strategy of the library, e.g.
 *       {@code Strategies.movingAverageBaseline(0.9)} (cost \(\log \hat Z - b\), with \(b\) a running
 *       mean of earlier estimates' \(\log \hat Z\), updated only between estimates: unbiased).</li>
 *   <li>{@link #leaveOneOut}: \(M\) independent sweeps, value \(\frac1M \sum_m \log \hat Z_m\), each
 *       sweep's score term with the leave-one-out baseline
 *       \(b_m = \frac{1}{M-1}\sum_{j \ne m} \log \hat Z_j\) (independent of sweep \(m\), so
 *       unbiased; Mnih and Rezende 2016, Kool et al. 2019).</li>
 * </ul>
 * Unbiasedness assumes the resampling decisions do not jump with \(\theta\): it holds for
 * resampling at every step ({@link ResamplingPolicy#everyStep}), without resampling, and for
 * adaptive resampling with discrete proposals; with adaptive resampling and reparameterized
 * proposals the ESS test's discontinuity in \(\varepsilon\) leaves a small bias in every variant.
 * It also assumes the objective is not Rao-Blackwellized by dependency tracking
 * ({@code Expectation.raoBlackwellize}), which cannot see that later weights depend on the
 * ancestors (the sweep indexes particles by the ancestors' values). Immutable.
 */
public final class ResamplingGradient {
    /** The standard, biased FIVO gradient: no score term for the ancestors. */
    public static final ResamplingGradient DROPPED = new ResamplingGradient("DROPPED", Strategies.SAMPLE_ONLY, 0);
    /** REINFORCE on the ancestors with cost \(\log \hat Z\): unbiased. */
    public static final ResamplingGradient REINFORCE = new ResamplingGradient("REINFORCE", Strategies.REINFORCE, 0);

    private final String name;
    private final Strategy strategy;
    private final int sweeps;

    private ResamplingGradient(String name, Strategy strategy, int sweeps) {
        this.name = name;
        this.strategy = strategy;
        this.sweeps = sweeps;
    }

    /**
     * The ancestors drawn with {@code strategy}, e.g. {@code Strategies.movingAverageBaseline(0.9)}
     * (unbiased) or {@code Strategies.reinforce(b)} for a constant baseline \(b\). A strategy that
     * does not apply to {@link Ancestors} (ENUM, MVD, REPARAM) is refused by the first estimate,
     * naming the ancestors' address.
     */
    public static ResamplingGradient reinforce(Strategy strategy) {
        Objects.requireNonNull(strategy, "strategy");
        return new ResamplingGradient("ancestors " + strategy.name(), strategy, 0);
    }

    /**
     * REINFORCE on the ancestors of \(M\) = {@code sweeps} independent sweeps with leave-one-out
     * baselines; the estimate is the mean of their \(\log \hat Z_m\).
     *
     * @throws IllegalArgumentException unless \(M \ge 2\)
     */
    public static ResamplingGradient leaveOneOut(int sweeps) {
        if (sweeps < 2) {
            throw new IllegalArgumentException("ResamplingGradient.leaveOneOut: need at least 2 sweeps, got " + sweeps);
        }
        return new ResamplingGradient("REINFORCE leave-one-out over " + sweeps + " sweeps", Strategies.SAMPLE_ONLY, sweeps);
    }

    /** The strategy the ancestor choices are drawn with. */
    public Strategy ancestorStrategy() {
        return strategy;
    }

    /** The number of sweeps of {@link #leaveOneOut}, 0 otherwise. */
    public int leaveOneOutSweeps() {
        return sweeps;
    }

    /**
     * Whether the gradient keeps the ancestors' score term (every variant but {@link #DROPPED} and
     * {@code reinforce(SAMPLE_ONLY)}), hence is unbiased under the conditions above.
     */
    public boolean isUnbiased() {
        return sweeps > 0 || strategy != Strategies.SAMPLE_ONLY;
    }

    @Override
    public String toString() {
        return name;
    }
}
