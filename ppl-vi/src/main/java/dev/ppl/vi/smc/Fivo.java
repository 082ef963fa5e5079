package dev.ppl.vi.smc;

import dev.ppl.vi.Expectation;

/**
 * The filtering variational objective (FIVO; Maddison et al. 2017, Le et al. 2018 "AESMC",
 * Naesseth et al. 2018 "VSMC"): \[ \mathrm{FIVO}(\theta, \phi) = E\big[\log \hat Z_{\mathrm{SMC}}\big]
 * \le \log p_\theta(y_{1:T}), \] the expected log of the SMC estimate of the marginal likelihood
 * with proposals \(q_\phi\), as an objective program beside {@code Objectives.elbo} and
 * {@code Objectives.iwelbo}. With \(K = 1\) it is the ELBO of the sequence; without resampling it
 * is the IWELBO with \(K\) particles; with resampling it is typically tighter than both on long
 * sequences.
 *
 * <p><b>Gradient: the standard, biased FIVO estimator.</b> The proposals' choices are
 * reparameterized where their strategies allow (REPARAM; others follow their own strategy), but
 * the ancestor indices of resampling are treated as constants: the score-function term
 * \(\log \hat Z \,\nabla \log P(a_{1:T-1})\) is dropped, as all three papers recommend, because
 * its variance is prohibitive. The gradient is therefore biased (the bias vanishes without
 * resampling). Unbiased alternatives (REINFORCE on the ancestors, RWS with an SMC target) are not
 * provided yet.
 */
public final class Fivo {
    private Fivo() {}

    /** \(E[\log \hat Z_{\mathrm{SMC}}]\) for {@code smc}; the program's argument is the unfold's initial state. */
    public static <S> Expectation<S> of(SmcSampler<S> smc) {
        return Expectation.of((ctx, init) -> smc.logNormalizer(ctx, "smc", init));
    }
}
