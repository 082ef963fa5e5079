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
 * The Laplace (double exponential) distribution with location \(\mu\) and scale \(b\), a batch
 * of independent scalars:
 * \[ \log p(x) = -\frac{|x-\mu|}{b} - \log 2b \]
 * (Kotz, Kozubowski and Podgórski 2001, <i>The Laplace Distribution and Generalizations</i>,
 * ch. 2). Mean \(\mu\), variance \(2b^2\). Reparameterized by inversion: \(x = \mu + b\,w(u)\)
 * with \(u \sim U(0, 1)\) (the noise) and \(w(u) = \log 2u\) for \(u &lt; \tfrac12\),
 * \(-\log 2(1-u)\) otherwise.
 *
 * <p>Support: the finite reals; \(\pm\infty\) has log density \(-\infty\) and NaN has NaN (errors
 * under {@link dev.ppl.dist.Validation#strict()}; see {@link Distribution#logDensity}).
 */
public final class Laplace implements Distribution<Var> {
    private static final double LOG_2 = Math.log(2);
    private final Var loc;
    private final Var scale;
    private final long[] batchShape;

    private Laplace(Var loc, Var scale) {
        ParamChecks.finite("Laplace", "loc", loc);
        ParamChecks.positive("Laplace", "scale", scale);
        this.batchShape = ParamChecks.broadcast("Laplace", "loc", loc, "scale", scale);
        this.loc = loc;
        this.scale = scale;
    }

    /** Laplace(loc, scale) with broadcasting parameters; scale must be positive. */
    public static Laplace of(Var loc, Var scale) {
        return new Laplace(loc, scale);
    }

    /** Convenience: a constant-parameter Laplace in float64. */
    public static Laplace of(double loc, double scale) {
        return of(Var.constant(Nd4j.scalar(loc)), Var.constant(Nd4j.scalar(scale)));
    }

    /** The location \(\mu\) (mean and median). */
    public Var loc() { return loc; }
    /** The scale \(b\). */
    public Var scale() { return scale; }

    @Override public String name() { return "Laplace"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean hasReparam() { return true; }

    /**
     * Laplace\((\mu_{b(t)}, b_{b(t)})\) for every element \(t\) of the new batch: {@code loc} and {@code
     * scale} broadcast to {@code target}, where \(b(t)\) is the batch element that \(t\) broadcasts from
     * (see {@link Distribution#expand}); this distribution itself if {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Laplace expand(long[] target) {
        if (Expansion.isSame("Laplace", batchShape, target)) {
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

    /** \(\mu + b\,w(u)\) for uniform noise \(u \in (0, 1)\), \(w\) the standard Laplace quantile. */
    @Override
    public Var reparam(INDArray u) {
        // log(2 min(u, 1-u)) avoids the cancellation of 1 - 2|u - 1/2| near 0 and 1
        INDArray tail = Transforms.log(Transforms.min(u, u.rsub(1.0), true).muli(2.0), false);
        INDArray sign = u.lt(0.5).castTo(u.dataType()).muli(2.0).subi(1.0);
        return loc.add(scale.mul(Var.constant(tail.muli(sign))));
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Laplace", x, batchShape, new long[0], loc.dtype());
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, loc.dtype(), x);
        }
        Var lp = x.sub(loc).abs().div(scale).neg().sub(scale.log()).sub(LOG_2);
        return lp.broadcastTo(shape);
    }

    @Override
    public Var mean() {
        return loc.broadcastTo(batchShape);
    }

    @Override
    public Var variance() {
        return scale.square().mul(2.0).broadcastTo(batchShape);
    }
}
