package dev.ppl.dist.continuous;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.ops.TriangularSolve;
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
 * The multivariate normal distribution \(N(\mu, LL^\top)\) on \(\mathbb{R}^d\), parameterized by
 * its mean \(\mu\) ({@code loc}, shape {@code [..., d]}) and the Cholesky factor \(L\) of its
 * covariance ({@code scaleTril}, shape {@code [..., d, d]}, lower triangular with a positive
 * diagonal). The batch shape is the broadcast of {@code loc}'s leading axes and
 * {@code scaleTril}'s; the event shape is {@code [d]}. With \(z = L^{-1}(x - \mu)\) (a
 * triangular solve),
 * \[ \log p(x) = -\tfrac12 \lVert z\rVert^2 - \sum_{i=1}^d \log L_{ii} - \tfrac d2 \log 2\pi \]
 * (Bishop 2006, <i>Pattern Recognition and Machine Learning</i>, section 2.3; Golub and Van
 * Loan 2013, <i>Matrix Computations</i>, section 4.2, for the Cholesky factorization).
 * Reparameterized: \(x = \mu + L\varepsilon\), \(\varepsilon \sim N(0, I_d)\) (the noise). Only
 * the lower triangle of \(L\) is read, so its upper triangle receives no gradient.
 *
 * <p>Support: vectors of finite reals; an event holding \(\pm\infty\) has log density \(-\infty\) and
 * one holding a NaN has NaN (errors under {@link dev.ppl.dist.Validation#strict()}; see
 * {@link Distribution#logDensity}).
 */
public final class MultivariateNormal implements Distribution<Var> {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final Var loc;
    private final Var scaleTril;
    private final long[] batchShape;
    private final long d;

    private MultivariateNormal(Var loc, Var scaleTril) {
        ParamChecks.finite("MultivariateNormal", "loc", loc);
        ParamChecks.finite("MultivariateNormal", "scaleTril", scaleTril);
        if (loc.dtype() != scaleTril.dtype()) {
            throw new IllegalArgumentException("MultivariateNormal: parameter 'loc' is " + loc.dtype()
                    + " but parameter 'scaleTril' is " + scaleTril.dtype() + "; cast them to one type");
        }
        long[] sl = loc.shape(), sm = scaleTril.shape();
        int rm = sm.length;
        if (sl.length < 1 || rm < 2 || sm[rm - 1] != sm[rm - 2] || sm[rm - 1] != sl[sl.length - 1]) {
            throw new IllegalArgumentException("MultivariateNormal: parameter 'loc' of shape " + Shapes.str(sl)
                    + " and parameter 'scaleTril' of shape " + Shapes.str(sm) + " do not fit: need [..., d] and [..., d, d]");
        }
        this.d = sl[sl.length - 1];
        this.batchShape = batchShape(sl, sm);
        requireCholeskyFactor(scaleTril.value(), d);
        this.loc = loc;
        this.scaleTril = scaleTril;
    }

    /** The broadcast of the batch axes of both parameters, else an error naming both shapes. */
    private static long[] batchShape(long[] sl, long[] sm) {
        long[] bl = Arrays.copyOf(sl, sl.length - 1), bm = Arrays.copyOf(sm, sm.length - 2);
        try {
            return Shapes.broadcast("MultivariateNormal", bl, bm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MultivariateNormal: the batch axes of parameter 'loc' of shape "
                    + Shapes.str(sl) + " and parameter 'scaleTril' of shape " + Shapes.str(sm) + " do not broadcast ("
                    + Shapes.str(bl) + " vs " + Shapes.str(bm) + ")", e);
        }
    }

    /**
     * \(N(\text{loc}, LL^\top)\) with \(L\) = {@code scaleTril} lower triangular with a positive
     * diagonal (zeros above it); the batch axes of the two parameters broadcast.
     */
    public static MultivariateNormal of(Var loc, Var scaleTril) {
        return new MultivariateNormal(loc, scaleTril);
    }

    /** The mean \(\mu\), as given. */
    public Var loc() { return loc; }
    /** The Cholesky factor \(L\) of the covariance, as given. */
    public Var scaleTril() { return scaleTril; }

    @Override public String name() { return "MultivariateNormal"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[] {d}; }
    @Override public boolean hasReparam() { return true; }

    /**
     * \(N(\mu_{b(t)}, L_{b(t)} L_{b(t)}^\top)\) for every element \(t\) of the new batch, where \(b(t)\)
     * is the batch element that \(t\) broadcasts from (see {@link Distribution#expand}): {@code loc}
     * broadcast to {@code target ++ [d]}. {@code scaleTril} is kept as given, since its batch axes already
     * broadcast to {@code target} (the batch shape is the broadcast of both parameters'), so a shared
     * factor stays one \(d \times d\) matrix (one GEMM in {@link #reparam}, no copy per batch element).
     * This distribution itself if {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public MultivariateNormal expand(long[] target) {
        if (Expansion.isSame("MultivariateNormal", batchShape, target)) {
            return this;
        }
        return of(Expansion.param(loc, target, d), scaleTril);
    }

    @Override
    public Var sample(Rng rng) {
        return reparam(rng.normal(loc.dtype(), valueShape())).stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray eps = rng.normal(loc.dtype(), valueShape());
        return new ReparamSample<>(reparam(eps), eps);
    }

    /** \(\mu + L\varepsilon\) for standard normal noise of shape {@code batchShape ++ [d]}. */
    @Override
    public Var reparam(INDArray eps) {
        Var l = scaleTril.mul(Var.constant(lowerMask(loc.dtype(), d)));
        Var e = Var.constant(eps);
        Var le;
        if (l.rank() == 2 && eps.rank() >= 2) {
            le = e.matmul(l.transpose()); // shared factor: one GEMM, (eps L^T) = (L eps)^T row-wise
        } else {
            long[] full = Arrays.copyOf(eps.shape(), eps.rank() + 1);
            full[eps.rank()] = d;
            le = l.broadcastTo(full).matmul(e.expandDims(eps.rank())).squeeze(eps.rank());
        }
        return loc.add(le);
    }

    @Override
    public Var logDensity(Var x) {
        long[] out = ValueChecks.logDensityShape("MultivariateNormal", x, batchShape, new long[] {d}, loc.dtype());
        long[] s = x.shape();
        if (s.length == 0 || s[s.length - 1] != d) {
            throw new IllegalArgumentException("MultivariateNormal: value of shape " + Shapes.str(s)
                    + " does not end with the event shape [" + d + "]");
        }
        if (ValueChecks.isEmpty(out)) {
            return ValueChecks.emptyLogDensity(out, loc.dtype(), x);
        }
        INDArray finite = finiteEvents(x.value());
        if (finite != null) {
            // the triangular solve would turn an infinite coordinate into inf - inf = NaN (or 0 * inf):
            // score such events -inf (NaN for a NaN) from a finite stand-in
            INDArray elements = Transforms.abs(x.value(), true).lt(Double.POSITIVE_INFINITY);
            Var xs = Support.safe(x, elements, 0.0);
            return Support.restrict("MultivariateNormal", finiteLogDensity(xs, out),
                    Shapes.broadcastTo(finite.castTo(DataType.DOUBLE), out), x, 1);
        }
        return finiteLogDensity(x, out);
    }

    /** Null if every element of {@code x} is finite, else the boolean mask of its all-finite events. */
    private static INDArray finiteEvents(INDArray x) {
        if (Double.isFinite(Var.constant(x).absSum())) {
            return null;
        }
        return Transforms.abs(x, true).lt(Double.POSITIVE_INFINITY).castTo(DataType.DOUBLE).min(x.rank() - 1).gt(0.5);
    }

    /** The log density of a value with finite elements, shape {@code out}. */
    private Var finiteLogDensity(Var x, long[] out) {
        Var diff = x.sub(loc);
        int r = diff.rank();
        Var z = TriangularSolve.solveLower(scaleTril, diff.expandDims(r));
        Var maha = z.square().sum(false, z.rank() - 2, z.rank() - 1);
        Var logDet = scaleTril.mul(Var.constant(Nd4j.eye(d).castTo(loc.dtype()))).sum(false, -1).log().sum(false, -1);
        Var lp = maha.mul(-0.5).sub(logDet).sub(d * HALF_LOG_2PI);
        return lp.broadcastTo(out);
    }

    @Override
    public Var mean() {
        return loc.broadcastTo(valueShape());
    }

    /** The marginal variances: the diagonal of \(LL^\top\), \(\sum_j L_{ij}^2\). */
    @Override
    public Var variance() {
        return scaleTril.square().sum(false, -1).broadcastTo(valueShape());
    }

    /** The covariance matrix \(LL^\top\), shape {@code batchShape ++ [d, d]}. */
    public Var covariance() {
        long[] full = Arrays.copyOf(valueShape(), batchShape.length + 2);
        full[batchShape.length + 1] = d;
        return scaleTril.matmul(scaleTril.transpose()).broadcastTo(full);
    }

    private long[] valueShape() {
        long[] s = Arrays.copyOf(batchShape, batchShape.length + 1);
        s[batchShape.length] = d;
        return s;
    }

    /** A positive diagonal and zeros above it, else an error naming 'scaleTril', the element and its place. */
    private static void requireCholeskyFactor(INDArray l, long d) {
        INDArray lower = lowerMask(DataType.DOUBLE, d);
        INDArray eye = Nd4j.eye(d).castTo(DataType.DOUBLE);
        INDArray badDiag = l.lte(0.0).castTo(DataType.DOUBLE).muli(eye);
        INDArray badUpper = l.neq(0.0).castTo(DataType.DOUBLE).muli(lower.rsub(1.0));
        INDArray bad = badDiag.addi(badUpper);
        if (bad.maxNumber().doubleValue() == 0) {
            return;
        }
        INDArray flat = bad.reshape(bad.length());
        for (long i = 0; i < flat.length(); i++) {
            if (flat.getDouble(i) != 0) {
                long row = (i / d) % d, col = i % d;
                throw new IllegalArgumentException("MultivariateNormal: parameter 'scaleTril' must be lower triangular "
                        + "with a positive diagonal, but element " + i + " of shape " + Shapes.str(l.shape()) + " (row "
                        + row + ", column " + col + ") is " + l.reshape(l.length()).getDouble(i));
            }
        }
    }

    /** Ones on and below the diagonal of a {@code d x d} matrix, zeros above. */
    private static INDArray lowerMask(DataType dtype, long d) {
        double[][] m = new double[(int) d][(int) d];
        for (int i = 0; i < d; i++) {
            Arrays.fill(m[i], 0, i + 1, 1.0);
        }
        return Nd4j.createFromArray(m).castTo(dtype);
    }
}
