package dev.ppl.vi.smc;

import dev.ppl.autodiff.Var;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.ExpectationContext;
import java.util.Objects;

/**
 * The filtering variational objective (FIVO; Maddison et al. 2017, Le et al. 2018 "AESMC",
 * Naesseth et al. 2018 "VSMC"): \[ \mathrm{FIVO}(\theta, \phi) = E\big[\log \hat Z_{\mathrm{SMC}}\big]
 * \le \log p_\theta(y_{1:T}), \] the expected log of the SMC estimate of the marginal likelihood
 * with proposals \(q_\phi\), as an objective program beside {@code Objectives.elbo} and
 * {@code Objectives.iwelbo}, written with the public API only ({@link SmcSampler#sweep}). With
 * \(K = 1\) it is the ELBO of the sequence; without resampling it is the IWELBO with \(K\)
 * particles; with resampling it is typically tighter than both on long sequences.
 *
 * <p><b>Gradient.</b> The proposals' choices follow their strategies (REPARAM where possible);
 * the ancestor indices of resampling follow a {@link ResamplingGradient}:
 * {@link #of(SmcSampler)} is the standard FIVO gradient, which drops the resampling's score term
 * \(E[\log \hat Z\, \nabla \log P(a)]\) (biased, low variance, as all three papers recommend);
 * {@link #of(SmcSampler, ResamplingGradient)} with {@link ResamplingGradient#REINFORCE} (or a
 * baseline) keeps it: unbiased. See {@link ResamplingGradient} for the math and conditions.
 */
public final class Fivo {
    /** The namespace of the sweep's choices (of sweep {@code m} of a leave-one-out estimate: {@code smc/m}). */
    public static final String NAMESPACE = "smc";

    private Fivo() {}

    /** \(E[\log \hat Z_{\mathrm{SMC}}]\) for {@code smc} with the standard (biased) gradient; the program's argument is the unfold's initial state. */
    public static <S> Expectation<S> of(SmcSampler<S> smc) {
        return of(smc, ResamplingGradient.DROPPED);
    }

    /** \(E[\log \hat Z_{\mathrm{SMC}}]\) for {@code smc}, the ancestors' gradient as {@code gradient} says. */
    public static <S> Expectation<S> of(SmcSampler<S> smc, ResamplingGradient gradient) {
        Objects.requireNonNull(smc, "smc");
        Objects.requireNonNull(gradient, "gradient");
        int m = gradient.leaveOneOutSweeps();
        if (m == 0) {
            return Expectation.of((ctx, init) -> smc.sweep(ctx, NAMESPACE, init, gradient.ancestorStrategy()).logNormalizer());
        }
        return Expectation.of((ctx, init) -> leaveOneOut(ctx, smc, init, m));
    }

    /**
     * \(\frac1M \sum_m \big[\log \hat Z_m + \mathrm{sg}(\log \hat Z_m - b_m)(\log P(a^m) - \mathrm{sg}\log P(a^m))\big]\),
     * \(b_m = \frac{1}{M-1} \sum_{j \ne m} \log \hat Z_j\).
     */
    private static <S> Var leaveOneOut(ExpectationContext ctx, SmcSampler<S> smc, S init, int m) {
        SmcSweep[] sweeps = new SmcSweep[m];
        double total = 0;
        for (int i = 0; i < m; i++) {
            sweeps[i] = smc.sweep(ctx, NAMESPACE + "/" + i, init);
            total += sweeps[i].logNormalizer().item();
        }
        Var sum = null;
        for (int i = 0; i < m; i++) {
            Var logZ = sweeps[i].logNormalizer();
            Var logP = sweeps[i].ancestorLogProbability().cast(logZ.dtype());
            double baseline = (total - logZ.item()) / (m - 1);
            Var term = logZ.add(logP.sub(logP.stopGradient()).mul(logZ.item() - baseline));
            sum = sum == null ? term : sum.add(term);
        }
        return sum.div(m);
    }
}
