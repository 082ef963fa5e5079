package dev.ppl.examples.variance;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.continuous.RelaxedBernoulli;
import dev.ppl.dist.continuous.RelaxedCategorical;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.dist.discrete.Categorical;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.ExpectationContext;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The variance benchmark's model: a three-component Gaussian mixture with outliers and an unknown
 * shift, whose ELBO and ELBO gradient are known in closed form. For data \(x_1, \dots, x_N\):
 * <pre>
 *   model  z ~ N(0, 1)                          guide  z   ~ N(mu, exp(logSigma)^2)      (REPARAM)
 *          c_n ~ Cat(1/3, 1/3, 1/3)                    c_n ~ Cat(softmax(phi_n))         (discrete)
 *          b_n ~ Bern(0.2)            (outlier)        b_n ~ Bern(sigmoid(psi_n))        (discrete)
 *          x_n ~ N(m(c_n) + z, s(b_n)^2),  m(c) = -2.5 + 2.5 c,  s(b) = 1 + 2 b
 * </pre>
 * with the guide's choices independent. The objective is the ELBO
 * \(E_q[\log p(x, z, c, b) - \log q(z, c, b)]\), maximized over \(\theta = (\phi, \psi, \mu,
 * \log\sigma)\), \(\phi \in \mathbb{R}^{N \times 3}\), \(\psi \in \mathbb{R}^N\). Its closed
 * form ({@link #exactElbo}) sums over every \((c_n, b_n)\) exactly and integrates \(z\) out with
 * \(E_q[(x - m - z)^2] = (x - m - \mu)^2 + \sigma^2\); reverse-mode differentiation of it is the
 * exact gradient the estimators are compared with. The program ({@link #elbo}) is vectorized:
 * one tensor op per term over all \(N\) points, inside a declared plate {@value #PLATE} (so
 * each point's score terms multiply only that point's costs), and it is broadcast-safe
 * (parallel enumeration adds dims left of the plate's to \(c\) and \(b\)). Every quantity
 * depends on the choices through {@code Var} ops, so Rao-Blackwellization by dependency tracking
 * applies. Parameters are float64.
 */
public final class MixtureModel {
    /** Mixture components. */
    public static final int K = 3;
    /** The benchmark's data: two points near each component and two outliers. */
    public static final double[] DATA = {-3.1, -2.2, -0.4, 0.3, 2.1, 2.9, -7.5, 8.0};
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double LOG_RHO1 = Math.log(0.2), LOG_RHO0 = Math.log(0.8);
    /** The name of the plate over the data points. */
    public static final String PLATE = "data";

    private final Var x;
    private final Var phi;
    private final Var psi;
    private final Var mu;
    private final Var logSigma;

    private MixtureModel(double[] data, Var phi, Var psi, Var mu, Var logSigma) {
        this.x = Var.constant(Nd4j.createFromArray(data.clone()));
        this.phi = phi;
        this.psi = psi;
        this.mu = mu;
        this.logSigma = logSigma;
    }

    /**
     * The benchmark's fixed point \(\theta_0\): \(\phi_{nk} = 0.4\sin(n + 2k)\), \(\psi_n = -1 +
     * 0.3\cos n\), \(\mu = 0.3\), \(\log\sigma = -0.5\) (a guide away from the optimum, so that
     * every gradient coordinate is non-zero).
     */
    public static MixtureModel standard() {
        int n = DATA.length;
        double[][] p = new double[n][K];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < K; k++) {
                p[i][k] = 0.4 * Math.sin(i + 2 * k);
            }
            s[i] = -1 + 0.3 * Math.cos(i);
        }
        return new MixtureModel(DATA, Var.param(Nd4j.createFromArray(p)), Var.param(Nd4j.createFromArray(s)),
                Var.param(Nd4j.scalar(0.3)), Var.param(Nd4j.scalar(-0.5)));
    }

    /** The data points \(x_n\), shape {@code [N]}. */
    public Var data() { return x; }
    /** The number of data points \(N\). */
    public int size() { return (int) x.length(); }
    /** The guide's assignment logits \(\phi\), shape {@code [N, 3]}. */
    public Var phi() { return phi; }
    /** The guide's outlier logits \(\psi\), shape {@code [N]}. */
    public Var psi() { return psi; }

    /** All parameters: \(\phi, \psi, \mu, \log\sigma\) (the gradient's coordinates, in this order). */
    public List<Var> params() {
        return List.of(phi, psi, mu, logSigma);
    }

    /** The number of gradient coordinates of the discrete choices' parameters (\(\phi\) and \(\psi\)). */
    public int discreteCoordinates() {
        return (int) (phi.length() + psi.length());
    }

    /**
     * The ELBO as a program: samples {@code z}, {@code c} (batched, shape {@code [N]}) and
     * {@code b} (batched), then records the log weight's factors as costs, the global
     * \(\log p(z) - \log q(z)\) (a scalar, counted once) and the per-point \(-\log q(c_n)\) and
     * \(\log p(b_n) - \log q(b_n)\), and returns \(\log p(x_n \mid c_n, b_n, z) + \log p(c_n)\) per
     * point; separate costs let Rao-Blackwellization drop those a choice does not affect. The
     * discrete choices get the library's default (REINFORCE) unless overridden.
     */
    public Expectation<Void> elbo() {
        return Expectation.of((ctx, a) -> {
            Var z = global(ctx);
            return ctx.plate(PLATE, size(), () -> {
                Categorical qc = Categorical.ofLogits(phi);
                Var c = ctx.sample("c", qc);
                Var b = ctx.sample("b", Bernoulli.ofLogits(psi));
                return perPoint(ctx, z, c, qc.logDensity(c), b);
            });
        });
    }

    /**
     * The same ELBO with the discrete guide choices replaced by their straight-through relaxations
     * (Gumbel-softmax for {@code c}, binary Concrete for {@code b}, temperature {@code temperature}):
     * the forward values are exact one-hot / 0-1 draws, so the value is an unbiased ELBO estimate,
     * but the pathwise gradient through the relaxed sample is <b>biased</b> (Bengio et al. 2013;
     * Jang et al. 2017). \(c\) is the one-hot's index \(\sum_k k\,y_k\) and
     * \(\log q(c) = \sum_k y_k \log\operatorname{softmax}(\phi)_k\).
     */
    public Expectation<Void> relaxedElbo(double temperature) {
        Var indices = Var.constant(Nd4j.createFromArray(0.0, 1.0, 2.0));
        return Expectation.of((ctx, a) -> {
            Var z = global(ctx);
            return ctx.plate(PLATE, size(), () -> {
                Var y = ctx.sample("c", RelaxedCategorical.ofLogits(temperature, phi, true));
                Var c = y.mul(indices).sum(false, -1);
                Var b = ctx.sample("b", RelaxedBernoulli.ofLogits(temperature, psi, true));
                return perPoint(ctx, z, c, y.mul(phi.logSoftmax(-1)).sum(false, -1), b);
            });
        });
    }

    /** Draws the global {@code z} and records its cost \(\log p(z) - \log q(z)\) (outside the plate: counted once). */
    private Var global(ExpectationContext ctx) {
        Normal qz = Normal.of(mu, logSigma.exp());
        Var z = ctx.sample("z", qz);
        ctx.addCost(Normal.of(0.0, 1.0).logDensity(z).sub(qz.logDensity(z)));
        return z;
    }

    /**
     * Records the per-point costs of {@link #elbo} inside the data plate, with \(\log p(b)\) and
     * \(\log q(b)\) written linearly in \(b \in \{0, 1\}\) (so relaxed values pass through);
     * returns 0.
     */
    private Var perPoint(ExpectationContext ctx, Var z, Var c, Var logQc, Var b) {
        ctx.addCost(logQc.neg());
        Var logPb = b.mul(LOG_RHO1 - LOG_RHO0).add(LOG_RHO0);
        Var logQb = b.mul(psi.logSigmoid()).add(b.rsub(1.0).mul(psi.neg().logSigmoid()));
        ctx.addCost(logPb.sub(logQb));
        Var scale = b.mul(2.0).add(1.0);
        Var resid = x.sub(c.mul(2.5).sub(2.5)).sub(z).div(scale);
        Var logLik = resid.square().mul(-0.5).sub(scale.log()).sub(0.5 * LOG_2PI);
        ctx.addCost(logLik.add(-Math.log(K)));
        return Var.scalar(0.0, logLik.dtype());
    }

    /**
     * The ELBO in closed form, differentiable in every parameter:
     * \[ \sum_n \sum_{k, b} q_{nk} r_{nb} \Big[\log\tfrac13 + \log\rho_b - \log q_{nk} - \log r_{nb}
     *    - \tfrac12\log 2\pi - \log s_b - \frac{(x_n - m_k - \mu)^2 + \sigma^2}{2 s_b^2}\Big]
     *    + \tfrac12 + \log\sigma - \tfrac12(\mu^2 + \sigma^2), \]
     * \(q_{n\cdot} = \operatorname{softmax}(\phi_n)\), \(r_{n1} = \operatorname{sigmoid}(\psi_n)\),
     * \(\rho_1 = 0.2\), the last three terms being \(-\mathrm{KL}(q(z)\,\|\,p(z))\).
     */
    public Var exactElbo() {
        int n = size();
        Var sigma2 = logSigma.mul(2.0).exp();
        Var q = phi.softmax(-1);
        Var logQ = phi.logSoftmax(-1);
        Var r1 = psi.sigmoid(), r0 = r1.rsub(1.0);
        Var logR1 = psi.logSigmoid(), logR0 = psi.neg().logSigmoid();
        INDArray means = Nd4j.createFromArray(-2.5, 0.0, 2.5).reshape(1, K);
        Var d2 = x.reshape(n, 1).sub(Var.constant(means)).sub(mu).square().add(sigma2);
        Var lik0 = d2.mul(-0.5).sub(0.5 * LOG_2PI);
        Var lik1 = d2.mul(-0.5 / 9).sub(0.5 * LOG_2PI + Math.log(3));
        Var r0c = r0.reshape(n, 1), r1c = r1.reshape(n, 1);
        Var expectedLik = q.mul(r0c.mul(lik0).add(r1c.mul(lik1))).sum();
        Var cTerms = q.mul(logQ.neg().add(-Math.log(K))).sum();
        Var bTerms = r1.mul(logR1.neg().add(LOG_RHO1)).add(r0.mul(logR0.neg().add(LOG_RHO0))).sum();
        Var negKl = logSigma.add(0.5).sub(mu.square().add(sigma2).mul(0.5));
        return expectedLik.add(cTerms).add(bTerms).add(negKl);
    }
}
