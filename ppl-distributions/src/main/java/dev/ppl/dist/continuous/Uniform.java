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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The continuous uniform distribution on \([a, b]\), a batch of independent scalars:
 * \[ \log p(x) = -\log(b - a), \quad a \le x \le b \]
 * (Johnson, Kotz and Balakrishnan 1995, <i>Continuous Univariate Distributions</i>, vol. 2,
 * ch. 26). Mean \((a+b)/2\), variance \((b-a)^2/12\). Reparameterized: \(x = a + (b - a)u\),
 * \(u \sim U(0, 1)\) (the noise). The log density is differentiable in \(a\) and \(b\) (the
 * gradient with respect to the value is 0 inside the support).
 *
 * <p>Support: \(a \le x \le b\); outside it (\(\pm\infty\) included) the log density is
 * \(-\infty\), and a NaN value has NaN (errors under {@link dev.ppl.dist.Validation#strict()}; see
 * {@link Distribution#logDensity}).
 */
public final class Uniform implements Distribution<Var> {
    private final Var low;
    private final Var high;
    private final long[] batchShape;

    private Uniform(Var low, Var high) {
        ParamChecks.finite("Uniform", "low", low);
        ParamChecks.finite("Uniform", "high", high);
        this.batchShape = ParamChecks.broadcast("Uniform", "low", low, "high", high);
        requireOrdered(low.value(), high.value(), batchShape);
        this.low = low;
        this.high = high;
    }

    /** U(low, high) with broadcasting parameters; every {@code low} must be below its {@code high}. */
    public static Uniform of(Var low, Var high) {
        return new Uniform(low, high);
    }

    /** Convenience: a constant-parameter Uniform in float64. */
    public static Uniform of(double low, double high) {
        return of(Var.constant(Nd4j.scalar(low)), Var.constant(Nd4j.scalar(high)));
    }

    /** The lower end \(a\). */
    public Var low() { return low; }
    /** The upper end \(b\). */
    public Var high() { return high; }

    @Override public String name() { return "Uniform"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean hasReparam() { return true; }

    /**
     * \(U(a_{b(t)}, b_{b(t)})\) for every element \(t\) of the new batch: {@code low} and {@code high}
     * broadcast to {@code target}, where \(b(t)\) is the batch element that \(t\) broadcasts from (see
     * {@link Distribution#expand}); this distribution itself if {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Uniform expand(long[] target) {
        if (Expansion.isSame("Uniform", batchShape, target)) {
            return this;
        }
        return of(low.broadcastTo(target), high.broadcastTo(target));
    }

    @Override
    public Var sample(Rng rng) {
        return reparam(rng.uniform(low.dtype(), batchShape)).stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray u = rng.uniform(low.dtype(), batchShape);
        return new ReparamSample<>(reparam(u), u);
    }

    /** \(a + (b - a)u\) for uniform noise \(u \in (0, 1)\). */
    @Override
    public Var reparam(INDArray u) {
        return low.add(high.sub(low).mul(Var.constant(u)));
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Uniform", x, batchShape, new long[0], low.dtype());
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, low.dtype(), x);
        }
        INDArray xv = Shapes.broadcastTo(x.value(), shape);
        // low <= x <= high as signs of differences (exact for floats: a - b >= 0 iff a >= b)
        INDArray in = xv.sub(low.value()).gte(0.0).castTo(DataType.DOUBLE)
                .muli(high.value().sub(xv).gte(0.0).castTo(DataType.DOUBLE)).gt(0.0);
        // the density does not read x (so no Support.safe is needed); its gradient in x is 0
        Var lp = high.sub(low).log().neg();
        return Support.restrict("Uniform", lp.broadcastTo(shape), in, x);
    }

    @Override
    public Var mean() {
        return low.add(high).mul(0.5).broadcastTo(batchShape);
    }

    @Override
    public Var variance() {
        return high.sub(low).square().div(12.0).broadcastTo(batchShape);
    }

    /** {@code high > low} elementwise (after broadcasting), else an error naming 'high'. */
    private static void requireOrdered(INDArray low, INDArray high, long[] shape) {
        INDArray lo = Shapes.broadcastTo(low, shape), hi = Shapes.broadcastTo(high, shape);
        INDArray bad = hi.sub(lo).lte(0.0); // both finite (checked before)
        if (!bad.any()) {
            return;
        }
        INDArray flatBad = bad.castTo(DataType.DOUBLE).reshape(bad.length());
        for (long i = 0; i < flatBad.length(); i++) {
            if (flatBad.getDouble(i) != 0) {
                throw new IllegalArgumentException("Uniform: parameter 'high' must be > low, but element " + i
                        + " of shape " + Shapes.str(shape) + " is " + hi.reshape(hi.length()).getDouble(i)
                        + " with low " + lo.reshape(lo.length()).getDouble(i));
            }
        }
    }
}
