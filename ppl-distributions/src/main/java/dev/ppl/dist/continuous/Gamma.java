package dev.ppl.dist.continuous;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Expansion;
import dev.ppl.dist.ParamChecks;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Support;
import dev.ppl.dist.ValueChecks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Gamma distribution with concentration (shape) \(\alpha &gt; 0\) and rate \(\beta &gt; 0\),
 * a batch of independent scalars on \(x &gt; 0\):
 * \[ \log p(x) = \alpha\log\beta + (\alpha - 1)\log x - \beta x - \log\Gamma(\alpha). \]
 * Mean \(\alpha/\beta\), variance \(\alpha/\beta^2\).
 *
 * <p>Reparameterized by implicit reparameterization (Figurnov, Mohamed and Mnih 2018,
 * "Implicit Reparameterization Gradients"): \(x = g/\beta\) with the noise
 * \(g \sim \mathrm{Gamma}(\alpha, 1)\) (a standard draw, shape {@code batchShape}); the gradient
 * with respect to \(\beta\) is pathwise and that with respect to \(\alpha\) is
 * \(dg/d\alpha = -(\partial P(\alpha, g)/\partial\alpha)/p(g;\alpha)\) ({@link ImplicitGamma}).
 * Replaying the noise with {@link #reparam} reproduces the value exactly.
 *
 * <p>Support: \(0 &lt; x &lt; \infty\); outside it (\(x \le 0\), \(x = \pm\infty\)) the log density
 * is \(-\infty\), and a NaN value has NaN (errors under {@link dev.ppl.dist.Validation#strict()};
 * see {@link Distribution#logDensity}). Values of exactly 0 are outside; standard draws can
 * underflow to 0 for very small \(\alpha\) (below about 0.01 in float32).
 */
public final class Gamma implements Distribution<Var> {
    private final Var concentration;
    private final Var rate;
    private final long[] batchShape;

    private Gamma(Var concentration, Var rate) {
        ParamChecks.positive("Gamma", "concentration", concentration);
        ParamChecks.positive("Gamma", "rate", rate);
        this.batchShape = ParamChecks.broadcast("Gamma", "concentration", concentration, "rate", rate);
        this.concentration = concentration;
        this.rate = rate;
    }

    /** Gamma(concentration, rate) with broadcasting parameters, both positive. */
    public static Gamma of(Var concentration, Var rate) {
        return new Gamma(concentration, rate);
    }

    /** Convenience: a constant-parameter Gamma in float64. */
    public static Gamma of(double concentration, double rate) {
        return of(Var.constant(Nd4j.scalar(concentration)), Var.constant(Nd4j.scalar(rate)));
    }

    /** The concentration (shape) \(\alpha\). */
    public Var concentration() { return concentration; }
    /** The rate \(\beta\) (inverse scale). */
    public Var rate() { return rate; }

    @Override public String name() { return "Gamma"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean hasReparam() { return true; }

    /**
     * Gamma\((\alpha_{b(t)}, \beta_{b(t)})\) for every element \(t\) of the new batch: {@code
     * concentration} and {@code rate} broadcast to {@code target}, where \(b(t)\) is the batch element
     * that \(t\) broadcasts from (see {@link Distribution#expand}); this distribution itself if {@code
     * target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Gamma expand(long[] target) {
        if (Expansion.isSame("Gamma", batchShape, target)) {
            return this;
        }
        return of(concentration.broadcastTo(target), rate.broadcastTo(target));
    }

    @Override
    public Var sample(Rng rng) {
        return reparam(standardDraws(rng)).stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray g = standardDraws(rng);
        return new ReparamSample<>(reparam(g), g);
    }

    /** \(x = g/\beta\) for standard Gamma(\(\alpha\), 1) draws {@code g} of shape {@code batchShape}. */
    @Override
    public Var reparam(INDArray g) {
        Var std = ImplicitGamma.standardGammaWithImplicitGrad(concentration, checkNoise(g));
        return std.div(rate);
    }

    private INDArray standardDraws(Rng rng) {
        return rng.gamma(Shapes.broadcastTo(concentration.value(), batchShape));
    }

    private INDArray checkNoise(INDArray g) {
        if (!java.util.Arrays.equals(g.shape(), batchShape)) {
            throw new IllegalArgumentException("Gamma: noise of shape " + Shapes.str(g.shape())
                    + " does not match the batch shape " + Shapes.str(batchShape));
        }
        return g;
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Gamma", x, batchShape, new long[0], concentration.dtype());
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, rate.dtype(), x);
        }
        // +inf is outside too: (alpha - 1) log x - beta x would be inf - inf = NaN for alpha > 1
        INDArray in = Support.openInterval(x.value(), 0.0, Double.POSITIVE_INFINITY);
        Var xs = Support.safe(x, in, 1.0);
        Var[] terms = new Var[] {concentration.sub(1.0), concentration.mul(rate.log()).sub(concentration.lgamma())};
        Var lp = terms[0].mul(xs.log()).sub(rate.mul(xs)).add(terms[1]);
        return Support.restrict("Gamma", lp.broadcastTo(shape), Shapes.broadcastTo(in, shape), x);
    }

    @Override
    public Var mean() {
        return concentration.div(rate).broadcastTo(batchShape);
    }

    @Override
    public Var variance() {
        return concentration.div(rate.square()).broadcastTo(batchShape);
    }
}
