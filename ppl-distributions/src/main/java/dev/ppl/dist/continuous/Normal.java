package dev.ppl.dist.continuous;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.ops.Likelihoods;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Expansion;
import dev.ppl.dist.ParamChecks;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import dev.ppl.dist.ValueChecks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Normal distribution \(N(\mu, \sigma^2)\), a batch of independent scalars:
 * \[ \log p(x) = -\tfrac12 \left(\tfrac{x-\mu}{\sigma}\right)^2 - \log\sigma - \tfrac12\log 2\pi. \]
 * Reparameterized: \(x = \mu + \sigma\varepsilon\), \(\varepsilon \sim N(0, 1)\).
 *
 * <p>Support: the finite reals; \(\pm\infty\) has log density \(-\infty\) and NaN has NaN (errors
 * under {@link dev.ppl.dist.Validation#strict()}; see {@link Distribution#logDensity}).
 */
public final class Normal implements Distribution<Var> {
    private final Var loc;
    private final Var scale;
    private final long[] batchShape;

    private Normal(Var loc, Var scale) {
        ParamChecks.finite("Normal", "loc", loc);
        ParamChecks.positive("Normal", "scale", scale);
        this.batchShape = ParamChecks.broadcast("Normal", "loc", loc, "scale", scale);
        this.loc = loc;
        this.scale = scale;
    }

    /** \(N(\text{loc}, \text{scale}^2)\) with broadcasting parameters; scale must be positive. */
    public static Normal of(Var loc, Var scale) {
        return new Normal(loc, scale);
    }

    /** The location \(\mu\). */
    public Var loc() { return loc; }
    /** The scale \(\sigma\). */
    public Var scale() { return scale; }

    @Override public String name() { return "Normal"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean hasReparam() { return true; }

    /**
     * \(N(\mu_{b(t)}, \sigma_{b(t)}^2)\) for every element \(t\) of the new batch: {@code loc} and {@code
     * scale} broadcast to {@code target}, where \(b(t)\) is the batch element that \(t\) broadcasts from
     * (see {@link Distribution#expand}); this distribution itself if {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Normal expand(long[] target) {
        if (Expansion.isSame("Normal", batchShape, target)) {
            return this;
        }
        return of(loc.broadcastTo(target), scale); // the batch shape is the parameters' broadcast: one suffices
    }

    @Override
    public Var sample(Rng rng) {
        return reparam(rng.normal(loc.dtype(), batchShape)).stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray eps = rng.normal(loc.dtype(), batchShape);
        return new ReparamSample<>(reparam(eps), eps);
    }

    @Override
    public Var reparam(INDArray eps) {
        return loc.add(scale.mul(Var.constant(eps)));
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Normal", x, batchShape, new long[0], loc.dtype());
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, loc.dtype(), x);
        }
        // -(x - mu)^2 / (2 sigma^2) - log sigma - log(2 pi)/2 as one fused op (a short backward)
        return Likelihoods.normal(x, loc, scale).broadcastTo(shape);
    }

    /** The total log density as one fused op ({@link Likelihoods#normalSum}): BLAS sums, no per-element array. */
    @Override
    public Var logDensitySum(Var x) {
        long[] shape = ValueChecks.logDensityShape("Normal", x, batchShape, new long[0], loc.dtype());
        if (ValueChecks.isEmpty(shape)) {
            return Var.scalar(0.0, loc.dtype()).withProvenance(x.provenance());
        }
        return Likelihoods.normalSum(x, loc, scale);
    }

    @Override
    public Var mean() {
        return loc.broadcastTo(batchShape);
    }

    @Override
    public Var variance() {
        return scale.square().broadcastTo(batchShape);
    }

    /** Convenience: a constant-parameter Normal in float64. */
    public static Normal of(double loc, double scale) {
        return of(Var.constant(Nd4j.scalar(loc)), Var.constant(Nd4j.scalar(scale)));
    }
}
