package dev.ppl.dist.continuous;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Expansion;
import dev.ppl.dist.ParamChecks;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import dev.ppl.dist.ValueChecks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Cauchy distribution with location \(x_0\) and scale \(\gamma\), a batch of independent
 * scalars:
 * \[ \log p(x) = -\log \pi\gamma - \log\left(1 + \left(\tfrac{x - x_0}{\gamma}\right)^2\right) \]
 * (Johnson, Kotz and Balakrishnan 1994, <i>Continuous Univariate Distributions</i>, vol. 1,
 * ch. 16). It has no finite mean or variance: {@link #mean()} and {@link #variance()} throw.
 * Reparameterized by inversion: \(x = x_0 + \gamma \tan(\pi(u - \tfrac12))\),
 * \(u \sim U(0, 1)\) (the noise).
 *
 * <p>Support: the finite reals; \(\pm\infty\) has log density \(-\infty\) and NaN has NaN (errors
 * under {@link dev.ppl.dist.Validation#strict()}; see {@link Distribution#logDensity}).
 */
public final class Cauchy implements Distribution<Var> {
    private static final double LOG_PI = Math.log(Math.PI);
    private final Var loc;
    private final Var scale;
    private final long[] batchShape;

    private Cauchy(Var loc, Var scale) {
        ParamChecks.finite("Cauchy", "loc", loc);
        ParamChecks.positive("Cauchy", "scale", scale);
        this.batchShape = ParamChecks.broadcast("Cauchy", "loc", loc, "scale", scale);
        this.loc = loc;
        this.scale = scale;
    }

    /** Cauchy(loc, scale) with broadcasting parameters; scale must be positive. */
    public static Cauchy of(Var loc, Var scale) {
        return new Cauchy(loc, scale);
    }

    /** Convenience: a constant-parameter Cauchy in float64. */
    public static Cauchy of(double loc, double scale) {
        return of(Var.constant(Nd4j.scalar(loc)), Var.constant(Nd4j.scalar(scale)));
    }

    /** The location \(x_0\) (median and mode). */
    public Var loc() { return loc; }
    /** The scale \(\gamma\) (half the interquartile range). */
    public Var scale() { return scale; }

    @Override public String name() { return "Cauchy"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean hasReparam() { return true; }

    /**
     * Cauchy\((x_{0,b(t)}, \gamma_{b(t)})\) for every element \(t\) of the new batch: {@code loc} and
     * {@code scale} broadcast to {@code target}, where \(b(t)\) is the batch element that \(t\) broadcasts
     * from (see {@link Distribution#expand}); this distribution itself if {@code target} is its batch
     * shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Cauchy expand(long[] target) {
        if (Expansion.isSame("Cauchy", batchShape, target)) {
            return this;
        }
        return of(loc.broadcastTo(target), scale); // the batch shape is the parameters' broadcast: one suffices
    }

    @Override
    public Var sample(Rng rng) {
        return reparam(rng.uniform(loc.dtype(), batchShape)).stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray u = rng.uniform(loc.dtype(), batchShape);
        return new ReparamSample<>(reparam(u), u);
    }

    /** \(x_0 + \gamma\tan(\pi(u - \tfrac12))\) for uniform noise \(u \in (0, 1)\). */
    @Override
    public Var reparam(INDArray u) {
        INDArray w = Transforms.tan(u.sub(0.5).muli(Math.PI), false);
        return loc.add(scale.mul(Var.constant(w)));
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Cauchy", x, batchShape, new long[0], loc.dtype());
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, loc.dtype(), x);
        }
        Var z = x.sub(loc).div(scale);
        Var lp = z.square().log1p().neg().sub(scale.log()).sub(LOG_PI);
        return lp.broadcastTo(shape);
    }
}
