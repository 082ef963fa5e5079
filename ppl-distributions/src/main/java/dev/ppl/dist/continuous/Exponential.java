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
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The exponential distribution with rate \(\lambda\), a batch of independent scalars on
 * \(x \ge 0\):
 * \[ \log p(x) = \log\lambda - \lambda x \]
 * (Johnson, Kotz and Balakrishnan 1994, <i>Continuous Univariate Distributions</i>, vol. 1,
 * ch. 19). Mean \(1/\lambda\), variance \(1/\lambda^2\). Reparameterized by inversion:
 * \(x = -\log(u)/\lambda\), \(u \sim U(0, 1)\) (the noise is \(u\)).
 *
 * <p>Support: \(0 \le x &lt; \infty\); outside it (\(x &lt; 0\), \(x = \pm\infty\)) the log density
 * is \(-\infty\), and a NaN value has NaN (errors under {@link dev.ppl.dist.Validation#strict()};
 * see {@link Distribution#logDensity}).
 */
public final class Exponential implements Distribution<Var> {
    private final Var rate;
    private final long[] batchShape;

    private Exponential(Var rate) {
        ParamChecks.positive("Exponential", "rate", rate);
        this.batchShape = rate.shape();
        this.rate = rate;
    }

    /** The exponential distribution with (positive) {@code rate} \(\lambda\), mean \(1/\lambda\). */
    public static Exponential of(Var rate) {
        return new Exponential(rate);
    }

    /** Convenience: a constant-rate Exponential in float64. */
    public static Exponential of(double rate) {
        return of(Var.constant(Nd4j.scalar(rate)));
    }

    /** The rate \(\lambda\). */
    public Var rate() { return rate; }

    @Override public String name() { return "Exponential"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean hasReparam() { return true; }

    /**
     * Exponential\((\lambda_{b(t)})\) for every element \(t\) of the new batch: {@code rate} broadcast to
     * {@code target}, where \(b(t)\) is the batch element that \(t\) broadcasts from (see {@link
     * Distribution#expand}); this distribution itself if {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Exponential expand(long[] target) {
        if (Expansion.isSame("Exponential", batchShape, target)) {
            return this;
        }
        return of(rate.broadcastTo(target));
    }

    @Override
    public Var sample(Rng rng) {
        return reparam(rng.uniform(rate.dtype(), batchShape)).stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray u = rng.uniform(rate.dtype(), batchShape);
        return new ReparamSample<>(reparam(u), u);
    }

    /** \(-\log(u)/\lambda\) for uniform noise \(u \in (0, 1)\). */
    @Override
    public Var reparam(INDArray u) {
        return Var.constant(Transforms.log(u, true).negi()).div(rate);
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Exponential", x, batchShape, new long[0], rate.dtype());
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, rate.dtype(), x);
        }
        INDArray in = Transforms.and(x.value().gte(0.0), x.value().lt(Double.POSITIVE_INFINITY));
        Var xs = Support.safe(x, in, 1.0);
        Var lp = rate.log().sub(rate.mul(xs));
        return Support.restrict("Exponential", lp.broadcastTo(shape), Shapes.broadcastTo(in, shape), x);
    }

    @Override
    public Var mean() {
        return rate.rdiv(1.0);
    }

    @Override
    public Var variance() {
        return rate.square().rdiv(1.0);
    }
}
