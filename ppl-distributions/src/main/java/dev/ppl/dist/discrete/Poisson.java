package dev.ppl.dist.discrete;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Expansion;
import dev.ppl.dist.ParamChecks;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Support;
import dev.ppl.dist.ValueChecks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Poisson distribution with rate \(\lambda &gt; 0\) on \(\{0, 1, 2, \dots\}\):
 * \[ \log p(k) = k\log\lambda - \lambda - \log\Gamma(k+1), \]
 * with mean and variance \(\lambda\) (Johnson, Kemp and Kotz, Univariate Discrete
 * Distributions, 3rd ed., ch. 4). Sampling uses {@link Rng#poisson} (exact inversion, cost
 * \(O(\max\lambda)\) tensor ops). Values are counts in the rate's floating-point type.
 *
 * <p>Support: the integers \(0, 1, 2, \dots\); any other value (\(\pm\infty\) included) has log density \(-\infty\), and a
 * NaN value has NaN (errors under {@link dev.ppl.dist.Validation#strict()}; see
 * {@link Distribution#logDensity}).
 */
public final class Poisson implements Distribution<Var> {
    private final Var rate;
    private final long[] batchShape;

    private Poisson(Var rate) {
        this.rate = rate;
        this.batchShape = rate.shape();
    }

    /** Poisson with positive, finite rates {@code rate}. */
    public static Poisson of(Var rate) {
        ParamChecks.positive("Poisson", "rate", rate);
        return new Poisson(rate);
    }

    /** The rate \(\lambda\). */
    public Var rate() {
        return rate;
    }

    @Override public String name() { return "Poisson"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }

    /**
     * Poisson\((\lambda_{b(t)})\) for every element \(t\) of the new batch: {@code rate} broadcast to
     * {@code target}, where \(b(t)\) is the batch element that \(t\) broadcasts from (see {@link
     * Distribution#expand}); this distribution itself if {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Poisson expand(long[] target) {
        if (Expansion.isSame("Poisson", batchShape, target)) {
            return this;
        }
        return of(rate.broadcastTo(target));
    }

    @Override
    public Var sample(Rng rng) {
        return Var.constant(rng.poisson(rate.value()));
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Poisson", x, batchShape, new long[0]);
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, rate.dtype(), x);
        }
        INDArray xv = Shapes.broadcastTo(x.value(), shape);
        INDArray in = xv.gte(0.0).castTo(xv.dataType())
                .muli(xv.eq(Transforms.floor(xv, true)).castTo(xv.dataType()))
                .muli(xv.lt(Double.POSITIVE_INFINITY).castTo(xv.dataType())).gt(0.0);
        Var k = Support.safe(x.broadcastTo(shape), in, 0.0);
        Var lp = k.mul(rate.log()).sub(rate).sub(k.add(1.0).lgamma());
        return Support.restrict("Poisson", lp.broadcastTo(shape), in, x);
    }

    /** \(\lambda\). */
    @Override
    public Var mean() {
        return rate;
    }

    /** \(\lambda\). */
    @Override
    public Var variance() {
        return rate;
    }
}
