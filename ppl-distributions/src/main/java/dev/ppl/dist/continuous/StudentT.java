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
import org.nd4j.linalg.factory.Nd4j;

/**
 * Student's t distribution with \(\nu &gt; 0\) degrees of freedom, location \(\mu\) and scale
 * \(\sigma &gt; 0\), a batch of independent scalars on the real line:
 * \[ \log p(x) = \log\Gamma\!\left(\tfrac{\nu+1}{2}\right) - \log\Gamma\!\left(\tfrac{\nu}{2}\right)
 *    - \tfrac12\log(\nu\pi) - \log\sigma - \tfrac{\nu+1}{2}\log\!\left(1 + \tfrac{1}{\nu}
 *    \left(\tfrac{x-\mu}{\sigma}\right)^2\right). \]
 *
 * <p>Reparameterized by implicit reparameterization (Figurnov, Mohamed and Mnih 2018,
 * "Implicit Reparameterization Gradients"): \(x = \mu + \sigma z/\sqrt{v/\nu}\) with
 * \(z \sim N(0, 1)\) and \(v = 2g\), \(g \sim \mathrm{Gamma}(\nu/2, 1)\) (so \(v \sim \chi^2_\nu\)); the
 * gradient with respect to \(\nu\) flows both directly and implicitly through \(g\)
 * ({@link ImplicitGamma}). <b>Noise layout:</b> \(z\) and \(g\) stacked along a new leading axis,
 * shape {@code [2] ++ batchShape} (index 0: \(z\), index 1: \(g\)).
 *
 * <p>Moments: {@link #mean()} is \(\mu\) where \(\nu &gt; 1\) and NaN elsewhere;
 * {@link #variance()} is \(\sigma^2\nu/(\nu-2)\) where \(\nu &gt; 2\), \(+\infty\) where
 * \(1 &lt; \nu \le 2\) and NaN where \(\nu \le 1\) (elementwise, so one batch may mix them;
 * gradients flow only from the finite elements).
 *
 * <p>Support: the finite reals; \(\pm\infty\) has log density \(-\infty\) and NaN has NaN (errors
 * under {@link dev.ppl.dist.Validation#strict()}; see {@link Distribution#logDensity}).
 */
public final class StudentT implements Distribution<Var> {
    private static final double HALF_LOG_PI = 0.5 * Math.log(Math.PI);
    private final Var df;
    private final Var loc;
    private final Var scale;
    private final long[] batchShape;

    private StudentT(Var df, Var loc, Var scale) {
        ParamChecks.positive("StudentT", "df", df);
        ParamChecks.finite("StudentT", "loc", loc);
        ParamChecks.positive("StudentT", "scale", scale);
        this.batchShape = ParamChecks.broadcast("StudentT", "df", df, "loc", loc, "scale", scale);
        this.df = df;
        this.loc = loc;
        this.scale = scale;
    }

    /** StudentT(df, loc, scale) with broadcasting parameters; df and scale positive. */
    public static StudentT of(Var df, Var loc, Var scale) {
        return new StudentT(df, loc, scale);
    }

    /** Convenience: a constant-parameter StudentT in float64. */
    public static StudentT of(double df, double loc, double scale) {
        return of(Var.constant(Nd4j.scalar(df)), Var.constant(Nd4j.scalar(loc)), Var.constant(Nd4j.scalar(scale)));
    }

    /** The degrees of freedom \(\nu\). */
    public Var df() { return df; }
    /** The location \(\mu\). */
    public Var loc() { return loc; }
    /** The scale \(\sigma\). */
    public Var scale() { return scale; }

    @Override public String name() { return "StudentT"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean hasReparam() { return true; }

    /**
     * StudentT\((\nu_{b(t)}, \mu_{b(t)}, \sigma_{b(t)})\) for every element \(t\) of the new batch: {@code
     * df}, {@code loc} and {@code scale} broadcast to {@code target}, where \(b(t)\) is the batch element
     * that \(t\) broadcasts from (see {@link Distribution#expand}); this distribution itself if {@code
     * target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public StudentT expand(long[] target) {
        if (Expansion.isSame("StudentT", batchShape, target)) {
            return this;
        }
        return of(df.broadcastTo(target), loc.broadcastTo(target), scale.broadcastTo(target));
    }

    @Override
    public Var sample(Rng rng) {
        return reparam(noise(rng)).stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray noise = noise(rng);
        return new ReparamSample<>(reparam(noise), noise);
    }

    /** \(x = \mu + \sigma z \sqrt{(\nu/2)/g}\) for noise of shape {@code [2] ++ batchShape} holding \(z\) and \(g\). */
    @Override
    public Var reparam(INDArray noise) {
        long[] expected = Beta.stackedShape(batchShape);
        if (!Arrays.equals(noise.shape(), expected)) {
            throw new IllegalArgumentException("StudentT: noise of shape " + Shapes.str(noise.shape())
                    + " does not match [2] ++ batch shape = " + Shapes.str(expected));
        }
        Var z = Var.constant(Beta.part(noise, 0).castTo(df.dtype()));
        Var halfDf = df.mul(0.5);
        Var g = ImplicitGamma.standardGammaWithImplicitGrad(halfDf, Beta.part(noise, 1));
        return loc.add(scale.mul(z).mul(halfDf.div(g).sqrt()));
    }

    /** \(z\) and \(g\) from two independent keys, stacked. */
    private INDArray noise(Rng rng) {
        Rng[] keys = rng.split();
        long[] one = Beta.stackedShape(batchShape);
        one[0] = 1;
        INDArray z = keys[0].normal(df.dtype(), batchShape);
        INDArray g = keys[1].gamma(Shapes.broadcastTo(df.value(), batchShape).mul(0.5));
        return Nd4j.concat(0, z.reshape(one), g.reshape(one));
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("StudentT", x, batchShape, new long[0], df.dtype());
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, df.dtype(), x);
        }
        Var halfDfPlusHalf = df.add(1.0).mul(0.5);
        Var[] terms = new Var[] {halfDfPlusHalf,
            halfDfPlusHalf.lgamma().sub(df.mul(0.5).lgamma()).sub(df.log().mul(0.5)).sub(HALF_LOG_PI)
                    .sub(scale.log())};
        Var y = x.sub(loc).div(scale);
        Var lp = terms[1].sub(terms[0].mul(y.square().div(df).log1p()));
        return lp.broadcastTo(shape);
    }

    @Override
    public Var mean() {
        INDArray finite = Shapes.broadcastTo(df.value(), batchShape).gt(1.0);
        Var nan = Var.scalar(Double.NaN, df.dtype());
        return Var.where(finite, loc.broadcastTo(batchShape), nan);
    }

    @Override
    public Var variance() {
        INDArray dfB = Shapes.broadcastTo(df.value(), batchShape);
        INDArray finite = dfB.gt(2.0);
        // a df of 3 stands in where the variance is not finite, so no NaN reaches the gradients
        Var safeDf = Var.where(finite, df.broadcastTo(batchShape), Var.scalar(3.0, df.dtype()));
        Var v = scale.square().mul(safeDf).div(safeDf.sub(2.0)).broadcastTo(batchShape);
        Var otherwise = Var.scalar(Double.POSITIVE_INFINITY, df.dtype());
        INDArray undefined = dfB.lte(1.0);
        Var nonFinite = Var.where(undefined, Var.scalar(Double.NaN, df.dtype()), otherwise);
        return Var.where(finite, v, nonFinite);
    }
}
