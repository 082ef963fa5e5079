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
 * The log-normal distribution: \(\log x \sim N(\mu, \sigma^2)\), a batch of independent scalars
 * on \(x &gt; 0\):
 * \[ \log p(x) = -\tfrac12 \left(\tfrac{\log x-\mu}{\sigma}\right)^2 - \log\sigma - \log x
 *    - \tfrac12\log 2\pi \]
 * (Johnson, Kotz and Balakrishnan 1994, <i>Continuous Univariate Distributions</i>, vol. 1,
 * ch. 14). Mean \(e^{\mu + \sigma^2/2}\), variance \((e^{\sigma^2} - 1) e^{2\mu + \sigma^2}\).
 * Reparameterized: \(x = \exp(\mu + \sigma\varepsilon)\), \(\varepsilon \sim N(0, 1)\).
 *
 * <p>Support: \(0 &lt; x &lt; \infty\); outside it (\(x \le 0\), \(x = \pm\infty\)) the log density
 * is \(-\infty\), and a NaN value has NaN (errors under {@link dev.ppl.dist.Validation#strict()};
 * see {@link Distribution#logDensity}).
 */
public final class LogNormal implements Distribution<Var> {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final Var loc;
    private final Var scale;
    private final long[] batchShape;

    private LogNormal(Var loc, Var scale) {
        ParamChecks.finite("LogNormal", "loc", loc);
        ParamChecks.positive("LogNormal", "scale", scale);
        this.batchShape = ParamChecks.broadcast("LogNormal", "loc", loc, "scale", scale);
        this.loc = loc;
        this.scale = scale;
    }

    /**
     * The log-normal whose logarithm is \(N(\text{loc}, \text{scale}^2)\), with broadcasting
     * parameters; scale must be positive.
     */
    public static LogNormal of(Var loc, Var scale) {
        return new LogNormal(loc, scale);
    }

    /** Convenience: a constant-parameter LogNormal in float64. */
    public static LogNormal of(double loc, double scale) {
        return of(Var.constant(Nd4j.scalar(loc)), Var.constant(Nd4j.scalar(scale)));
    }

    /** The mean \(\mu\) of \(\log x\). */
    public Var loc() { return loc; }
    /** The standard deviation \(\sigma\) of \(\log x\). */
    public Var scale() { return scale; }

    @Override public String name() { return "LogNormal"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean hasReparam() { return true; }

    /**
     * \(\log x_t \sim N(\mu_{b(t)}, \sigma_{b(t)}^2)\) for every element \(t\) of the new batch: {@code
     * loc} and {@code scale} broadcast to {@code target}, where \(b(t)\) is the batch element that \(t\)
     * broadcasts from (see {@link Distribution#expand}); this distribution itself if {@code target} is its
     * batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public LogNormal expand(long[] target) {
        if (Expansion.isSame("LogNormal", batchShape, target)) {
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

    /** \(\exp(\mu + \sigma\varepsilon)\) for standard normal noise \(\varepsilon\). */
    @Override
    public Var reparam(INDArray eps) {
        return loc.add(scale.mul(Var.constant(eps))).exp();
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("LogNormal", x, batchShape, new long[0], loc.dtype());
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, loc.dtype(), x);
        }
        INDArray in = Support.openInterval(x.value(), 0.0, Double.POSITIVE_INFINITY);
        Var logX = Support.safe(x, in, 1.0).log();
        Var z = logX.sub(loc).div(scale);
        Var lp = z.square().mul(-0.5).sub(scale.log()).sub(logX).sub(HALF_LOG_2PI);
        return Support.restrict("LogNormal", lp.broadcastTo(shape), Shapes.broadcastTo(in, shape), x);
    }

    @Override
    public Var mean() {
        return loc.add(scale.square().mul(0.5)).exp().broadcastTo(batchShape);
    }

    @Override
    public Var variance() {
        Var s2 = scale.square();
        return s2.expm1().mul(loc.mul(2.0).add(s2).exp()).broadcastTo(batchShape);
    }
}
