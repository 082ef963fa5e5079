package dev.ppl.dist.continuous;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Expansion;
import dev.ppl.dist.ParamChecks;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import dev.ppl.dist.ValueChecks;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The multivariate normal distribution with diagonal covariance
 * \(N(\mu, \operatorname{diag}(\sigma^2))\) on \(\mathbb{R}^d\): the last axis of the parameters
 * is the event axis (event shape {@code [d]}), the axes before it index the batch. The log
 * density sums the \(d\) independent normal terms:
 * \[ \log p(x) = \sum_{i=1}^d \left[-\tfrac12 \left(\tfrac{x_i-\mu_i}{\sigma_i}\right)^2
 *    - \log\sigma_i\right] - \tfrac d2\log 2\pi \]
 * (Bishop 2006, <i>Pattern Recognition and Machine Learning</i>, section 2.3). Reparameterized:
 * \(x = \mu + \sigma \odot \varepsilon\), \(\varepsilon \sim N(0, I_d)\) (the noise), the
 * mean-field Gaussian of variational inference (Kingma and Welling 2014).
 *
 * <p>Support: vectors of finite reals; an event holding \(\pm\infty\) has log density \(-\infty\) and
 * one holding a NaN has NaN (errors under {@link dev.ppl.dist.Validation#strict()}; see
 * {@link Distribution#logDensity}).
 */
public final class DiagonalNormal implements Distribution<Var> {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final Var loc;
    private final Var scale;
    private final long[] shape;
    private final long[] batchShape;
    private final long d;

    private DiagonalNormal(Var loc, Var scale) {
        ParamChecks.finite("DiagonalNormal", "loc", loc);
        ParamChecks.positive("DiagonalNormal", "scale", scale);
        this.shape = ParamChecks.broadcast("DiagonalNormal", "loc", loc, "scale", scale);
        if (shape.length == 0) {
            throw new IllegalArgumentException("DiagonalNormal: parameters 'loc' and 'scale' need an event axis (the last "
                    + "axis), but both are scalars; use Normal for scalar distributions");
        }
        this.loc = loc;
        this.scale = scale;
        this.batchShape = Arrays.copyOf(shape, shape.length - 1);
        this.d = shape[shape.length - 1];
    }

    /**
     * \(N(\text{loc}, \operatorname{diag}(\text{scale}^2))\): broadcasting parameters whose last
     * axis is the event axis; every scale must be positive.
     */
    public static DiagonalNormal of(Var loc, Var scale) {
        return new DiagonalNormal(loc, scale);
    }

    /** The mean vector(s) \(\mu\), as given. */
    public Var loc() { return loc; }
    /** The standard deviations \(\sigma\), as given. */
    public Var scale() { return scale; }

    @Override public String name() { return "DiagonalNormal"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[] {d}; }
    @Override public boolean hasReparam() { return true; }

    /**
     * \(N(\mu_{b(t)}, \operatorname{diag}(\sigma_{b(t)}^2))\) for every element \(t\) of the new batch:
     * {@code loc} and {@code scale} broadcast to {@code target ++ [d]}, where \(b(t)\) is the batch
     * element that \(t\) broadcasts from (see {@link Distribution#expand}); this distribution itself if
     * {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public DiagonalNormal expand(long[] target) {
        if (Expansion.isSame("DiagonalNormal", batchShape, target)) {
            return this;
        }
        return of(Expansion.param(loc, target, d), scale); // the batch shape is the parameters' broadcast: one suffices
    }

    @Override
    public Var sample(Rng rng) {
        return reparam(rng.normal(loc.dtype(), shape)).stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray eps = rng.normal(loc.dtype(), shape);
        return new ReparamSample<>(reparam(eps), eps);
    }

    /** \(\mu + \sigma \odot \varepsilon\) for standard normal noise of shape {@code batchShape ++ [d]}. */
    @Override
    public Var reparam(INDArray eps) {
        return loc.add(scale.mul(Var.constant(eps)));
    }

    @Override
    public Var logDensity(Var x) {
        long[] out = ValueChecks.logDensityShape("DiagonalNormal", x, batchShape, new long[] {d}, loc.dtype());
        requireEvent(x);
        if (ValueChecks.isEmpty(out)) {
            return ValueChecks.emptyLogDensity(out, loc.dtype(), x);
        }
        Var z = x.sub(loc).div(scale);
        Var terms = z.square().mul(-0.5).sub(scale.log()).sub(HALF_LOG_2PI);
        long[] full = Expansion.concat(out, d);
        return terms.broadcastTo(full).sum(false, full.length - 1);
    }

    @Override
    public Var mean() {
        return loc.broadcastTo(shape);
    }

    @Override
    public Var variance() {
        return scale.square().broadcastTo(shape);
    }

    private void requireEvent(Var x) {
        long[] s = x.shape();
        if (s.length == 0 || s[s.length - 1] != d) {
            throw new IllegalArgumentException("DiagonalNormal: value of shape " + Shapes.str(s)
                    + " does not end with the event shape [" + d + "]");
        }
    }
}
