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
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Dirichlet distribution on the probability simplex \(\{x : x_k &gt; 0, \sum_k x_k = 1\}\) with
 * concentration \(a \in (0, \infty)^K\) along the last axis (event shape {@code [K]}, batch shape
 * the leading axes):
 * \[ \log p(x) = \log\Gamma(a_0) - \sum_k \log\Gamma(a_k) + \sum_k (a_k - 1)\log x_k,
 *    \qquad a_0 = \textstyle\sum_k a_k. \]
 * Mean \(a_k/a_0\), variance \(a_k(a_0 - a_k)/(a_0^2(a_0+1))\).
 *
 * <p>Reparameterized by implicit reparameterization (Figurnov, Mohamed and Mnih 2018,
 * "Implicit Reparameterization Gradients"): \(x = g/\sum_k g_k\) with independent standard draws
 * \(g_k \sim \mathrm{Gamma}(a_k, 1)\), each differentiated implicitly ({@link ImplicitGamma}).
 * The noise is \(g\), of shape {@code batchShape ++ [K]}.
 *
 * <p>Support tolerance: a value is in the support when every \(x_k &gt; 0\) and
 * \(|\sum_k x_k - 1| \le 10^{-6}\) in float64 (\(10^{-4}\) in float32), so that rounded draws and
 * values computed by a softmax are accepted. For concentrations far below 1 all of an event's
 * standard draws can underflow to 0 (giving NaN); this needs \(a_k \lesssim 0.01\) in float64.
 * Off the simplex (\(\pm\infty\) included) the log density is \(-\infty\), and an event holding a
 * NaN has NaN (errors under {@link dev.ppl.dist.Validation#strict()}; see
 * {@link Distribution#logDensity}).
 */
public final class Dirichlet implements Distribution<Var> {
    private final Var concentration;
    private final long[] batchShape;
    private final long[] eventShape;

    private Dirichlet(Var concentration) {
        ParamChecks.requireFloating("Dirichlet", "concentration", concentration);
        long[] shape = concentration.shape();
        if (shape.length == 0 || shape[shape.length - 1] == 0) {
            throw new IllegalArgumentException("Dirichlet: parameter 'concentration' must have a non-empty last "
                    + "(event) axis, got shape " + Shapes.str(shape));
        }
        ParamChecks.positive("Dirichlet", "concentration", concentration);
        this.concentration = concentration;
        this.batchShape = Arrays.copyOf(shape, shape.length - 1);
        this.eventShape = new long[] {shape[shape.length - 1]};
    }

    /** Dirichlet with positive concentration of shape {@code batchShape ++ [K]}. */
    public static Dirichlet of(Var concentration) {
        return new Dirichlet(concentration);
    }

    /** Convenience: a constant-concentration Dirichlet in float64 (a single distribution). */
    public static Dirichlet of(double... concentration) {
        ParamChecks.notNull("Dirichlet", "concentration", concentration);
        if (concentration.length == 0) {
            throw new IllegalArgumentException("Dirichlet: parameter 'concentration' is empty (shape [0]); a Dirichlet "
                    + "needs K >= 1 concentrations");
        }
        return of(Var.constant(Nd4j.createFromArray(concentration)));
    }

    /** The concentration \(a\), shape {@code batchShape ++ [K]}. */
    public Var concentration() { return concentration; }

    @Override public String name() { return "Dirichlet"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return eventShape.clone(); }
    @Override public boolean hasReparam() { return true; }

    /** The tolerance on \(|\sum_k x_k - 1|\) for values of {@code dtype}. */
    public static double simplexTolerance(DataType dtype) {
        return dtype == DataType.DOUBLE ? 1e-6 : 1e-4;
    }

    /**
     * Dirichlet\((a_{b(t)})\) for every element \(t\) of the new batch: {@code concentration} broadcast to
     * {@code target ++ [K]}, where \(b(t)\) is the batch element that \(t\) broadcasts from (see {@link
     * Distribution#expand}); this distribution itself if {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Dirichlet expand(long[] target) {
        if (Expansion.isSame("Dirichlet", batchShape, target)) {
            return this;
        }
        return of(Expansion.param(concentration, target, eventShape));
    }

    @Override
    public Var sample(Rng rng) {
        return reparam(rng.gamma(concentration.value())).stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray g = rng.gamma(concentration.value());
        return new ReparamSample<>(reparam(g), g);
    }

    /** \(x = g/\sum_k g_k\) for standard Gamma draws {@code g} of shape {@code batchShape ++ [K]}. */
    @Override
    public Var reparam(INDArray g) {
        if (!Arrays.equals(g.shape(), concentration.shape())) {
            throw new IllegalArgumentException("Dirichlet: noise of shape " + Shapes.str(g.shape())
                    + " does not match batch shape ++ event shape = " + Shapes.str(concentration.shape()));
        }
        Var std = ImplicitGamma.standardGammaWithImplicitGrad(concentration, g);
        return std.div(std.sum(true, -1));
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Dirichlet", x, batchShape, eventShape, concentration.dtype());
        if (x.rank() == 0 || x.shape()[x.rank() - 1] != eventShape[0]) {
            throw new IllegalArgumentException("Dirichlet.logDensity: value of shape " + Shapes.str(x.shape())
                    + " does not end in the event shape " + Shapes.str(eventShape));
        }
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, concentration.dtype(), x);
        }
        INDArray v = x.value();
        // per event: all components positive and the sum within tolerance of 1
        int last = v.rank() - 1;
        INDArray positive = v.min(true, last).gt(0.0);
        INDArray sumOk = Transforms.abs(v.sum(true, last).subi(1.0), false).lte(simplexTolerance(x.dtype()));
        INDArray in = Transforms.and(positive, sumOk);
        Var xs = Support.safe(x, Shapes.broadcastTo(in, x.shape()), 1.0 / eventShape[0]);
        Var[] terms = new Var[] {concentration.sub(1.0),
                concentration.sum(false, -1).lgamma().sub(concentration.lgamma().sum(false, -1))};
        Var lp = terms[0].mul(xs.log()).sum(false, -1).add(terms[1]);
        INDArray mask = Shapes.broadcastTo(in.reshape(Arrays.copyOf(in.shape(), in.rank() - 1)), shape);
        return Support.restrict("Dirichlet", lp.broadcastTo(shape), mask, x, 1);
    }

    @Override
    public Var mean() {
        return concentration.div(concentration.sum(true, -1));
    }

    @Override
    public Var variance() {
        Var a0 = concentration.sum(true, -1);
        return concentration.mul(a0.sub(concentration)).div(a0.square().mul(a0.add(1.0)));
    }
}
