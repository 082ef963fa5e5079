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
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The Beta distribution with shape parameters \(\alpha &gt; 0\), \(\beta &gt; 0\), a batch of
 * independent scalars on \(0 &lt; x &lt; 1\):
 * \[ \log p(x) = (\alpha-1)\log x + (\beta-1)\log(1-x) - \log\Gamma(\alpha) - \log\Gamma(\beta)
 *    + \log\Gamma(\alpha+\beta). \]
 * Mean \(\alpha/(\alpha+\beta)\), variance \(\alpha\beta/((\alpha+\beta)^2(\alpha+\beta+1))\).
 *
 * <p>Reparameterized by implicit reparameterization (Figurnov, Mohamed and Mnih 2018,
 * "Implicit Reparameterization Gradients"): \(x = g_a/(g_a + g_b)\) with independent standard
 * draws \(g_a \sim \mathrm{Gamma}(\alpha, 1)\), \(g_b \sim \mathrm{Gamma}(\beta, 1)\), each
 * differentiated implicitly ({@link ImplicitGamma}), so gradients flow to both parameters.
 * <b>Noise layout:</b> the two standard draws stacked along a new leading axis, shape
 * {@code [2] ++ batchShape} (index 0: \(g_a\), index 1: \(g_b\)).
 *
 * <p>Draws are clamped into the open interval \([t, 1 - u]\) (\(t\) the smallest positive normal
 * number, \(u\) the unit roundoff of the data type; no gradient flows through a clamped draw) so
 * that a draw never rounds to 0 or 1, which lie outside the support; this only happens for
 * extreme parameters, most often in float32.
 *
 * <p>Support: \(0 &lt; x &lt; 1\); outside it (\(\pm\infty\) included) the log density is
 * \(-\infty\), and a NaN value has NaN (errors under {@link dev.ppl.dist.Validation#strict()}; see
 * {@link Distribution#logDensity}).
 */
public final class Beta implements Distribution<Var> {
    private final Var alpha;
    private final Var beta;
    private final long[] batchShape;

    private Beta(Var alpha, Var beta) {
        ParamChecks.positive("Beta", "alpha", alpha);
        ParamChecks.positive("Beta", "beta", beta);
        this.batchShape = ParamChecks.broadcast("Beta", "alpha", alpha, "beta", beta);
        this.alpha = alpha;
        this.beta = beta;
    }

    /** Beta(alpha, beta) with broadcasting parameters, both positive. */
    public static Beta of(Var alpha, Var beta) {
        return new Beta(alpha, beta);
    }

    /** Convenience: a constant-parameter Beta in float64. */
    public static Beta of(double alpha, double beta) {
        return of(Var.constant(Nd4j.scalar(alpha)), Var.constant(Nd4j.scalar(beta)));
    }

    /** The first shape parameter \(\alpha\) (the weight of \(x\)). */
    public Var alpha() { return alpha; }
    /** The second shape parameter \(\beta\) (the weight of \(1 - x\)). */
    public Var beta() { return beta; }

    @Override public String name() { return "Beta"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean hasReparam() { return true; }

    /**
     * Beta\((\alpha_{b(t)}, \beta_{b(t)})\) for every element \(t\) of the new batch: {@code alpha} and
     * {@code beta} broadcast to {@code target}, where \(b(t)\) is the batch element that \(t\) broadcasts
     * from (see {@link Distribution#expand}); this distribution itself if {@code target} is its batch
     * shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Beta expand(long[] target) {
        if (Expansion.isSame("Beta", batchShape, target)) {
            return this;
        }
        return of(alpha.broadcastTo(target), beta.broadcastTo(target));
    }

    @Override
    public Var sample(Rng rng) {
        return reparam(standardDraws(rng)).stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray noise = standardDraws(rng);
        return new ReparamSample<>(reparam(noise), noise);
    }

    /** \(x = g_a/(g_a+g_b)\) for noise of shape {@code [2] ++ batchShape} holding \(g_a\) and \(g_b\). */
    @Override
    public Var reparam(INDArray noise) {
        long[] expected = stackedShape(batchShape);
        if (!java.util.Arrays.equals(noise.shape(), expected)) {
            throw new IllegalArgumentException("Beta: noise of shape " + Shapes.str(noise.shape())
                    + " does not match [2] ++ batch shape = " + Shapes.str(expected));
        }
        Var ga = ImplicitGamma.standardGammaWithImplicitGrad(alpha, part(noise, 0));
        Var gb = ImplicitGamma.standardGammaWithImplicitGrad(beta, part(noise, 1));
        DataType dt = alpha.dtype();
        double tiny = dt == DataType.DOUBLE ? Double.MIN_NORMAL : Float.MIN_NORMAL;
        double top = dt == DataType.DOUBLE ? 1 - 0x1.0p-53 : 1 - 0x1.0p-24;
        return ga.div(ga.add(gb)).clamp(tiny, top);
    }

    /** One standard-Gamma call for both draws: concentrations stacked to {@code [2] ++ batchShape}. */
    private INDArray standardDraws(Rng rng) {
        INDArray a = Shapes.broadcastTo(alpha.value(), batchShape);
        INDArray b = Shapes.broadcastTo(beta.value(), batchShape);
        long[] one = stackedShape(batchShape);
        one[0] = 1;
        return rng.gamma(Nd4j.concat(0, a.reshape(one), b.reshape(one)));
    }

    /** Entry {@code i} of the leading axis of {@code noise}, shape {@code batchShape}. */
    static INDArray part(INDArray noise, int i) {
        long rest = noise.length() / 2;
        long[] shape = java.util.Arrays.copyOfRange(noise.shape(), 1, noise.rank());
        return noise.reshape('c', 2, rest).get(NDArrayIndex.point(i), NDArrayIndex.all()).dup().reshape(shape);
    }

    /** {@code [2] ++ shape}. */
    static long[] stackedShape(long[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = 2;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Beta", x, batchShape, new long[0], alpha.dtype());
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, alpha.dtype(), x);
        }
        INDArray in = Support.openInterval(x.value(), 0.0, 1.0);
        Var xs = Support.safe(x, in, 0.5);
        Var[] terms = new Var[] {alpha.sub(1.0), beta.sub(1.0),
                alpha.add(beta).lgamma().sub(alpha.lgamma()).sub(beta.lgamma())};
        Var lp = terms[0].mul(xs.log()).add(terms[1].mul(xs.neg().log1p())).add(terms[2]);
        return Support.restrict("Beta", lp.broadcastTo(shape), Shapes.broadcastTo(in, shape), x);
    }

    @Override
    public Var mean() {
        return alpha.div(alpha.add(beta)).broadcastTo(batchShape);
    }

    @Override
    public Var variance() {
        Var total = alpha.add(beta);
        return alpha.mul(beta).div(total.square().mul(total.add(1.0))).broadcastTo(batchShape);
    }
}
