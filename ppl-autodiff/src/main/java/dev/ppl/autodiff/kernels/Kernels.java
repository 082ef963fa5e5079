package dev.ppl.autodiff.kernels;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.Shapes;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The one boundary between what the ops compute and how: every method computes one array
 * function, stated below, and chooses the path itself (Java loops for small arrays, {@link
 * SmallKernels}; direct level-1 BLAS, {@link BlasUpdates} and {@link BlasReductions}; bit scans,
 * {@link ArrayScans}; image sampling loops, {@link SpatialSampling}; or ND4J's op), writing fresh
 * results into arena arrays ({@link Arena#uninitialized}). The paths agree to rounding; their tests
 * pin each one.
 *
 * <p><b>Internal.</b> It is public only because Java has no friend packages: the ops of
 * {@code dev.ppl.autodiff.ops} and the reverse pass use it, so that an op reads as its forward
 * value and its local chain rule. Other modules use ops and {@code Var} methods instead (a
 * source test enforces it); its methods may change without notice.
 *
 * <p>Binary functions broadcast like NumPy.
 */
public final class Kernels {
    private Kernels() {}

    /** A fresh output array of {@code x}'s type and shape (contents undefined). */
    public static INDArray like(INDArray x) {
        return Arena.uninitialized(x.dataType(), x.shape());
    }

    /** \(x + y\). */
    public static INDArray add(INDArray x, INDArray y) {
        if (scalars(x, y)) {
            return scalar(x, y, Double::sum);
        }
        return sameShape(x, y) ? axpy(x, 1.0, y) : Shapes.widened(x, y).add(y);
    }

    /** \(x - y\). */
    public static INDArray subtract(INDArray x, INDArray y) {
        if (scalars(x, y)) {
            return scalar(x, y, (u, v) -> u - v);
        }
        return sameShape(x, y) ? axpy(x, -1.0, y) : Shapes.widened(x, y).sub(y);
    }

    /** \(x \cdot y\) elementwise. */
    public static INDArray multiply(INDArray x, INDArray y) {
        if (scalars(x, y)) {
            return scalar(x, y, (u, v) -> u * v);
        }
        if (!sameShape(x, y)) {
            return Shapes.widened(x, y).mul(y);
        }
        INDArray out = like(x);
        return SmallKernels.applies(out, x, y) ? SmallKernels.product(x, y, out) : x.mul(y, out);
    }

    /** \(x / y\) elementwise. */
    public static INDArray divide(INDArray x, INDArray y) {
        if (!sameShape(x, y)) {
            return Shapes.widened(x, y).div(y);
        }
        INDArray out = like(x);
        return SmallKernels.applies(out, x, y) ? SmallKernels.quotient(x, y, out) : x.div(y, out);
    }

    /** \(x + \alpha y\) of two arrays of one type and shape. */
    public static INDArray axpy(INDArray x, double alpha, INDArray y) {
        INDArray out = like(x);
        if (BlasUpdates.applies(x, y, out)) {
            return BlasUpdates.sumInto(x, alpha, y, out);
        }
        if (SmallKernels.applies(out, x, y)) {
            return SmallKernels.axpy(x, alpha, y, out);
        }
        if (alpha == 1.0) {
            return x.add(y, out);
        }
        return alpha == -1.0 ? x.sub(y, out) : x.add(y.mul(alpha), out);
    }

    /** \(a x + b\) elementwise for constants \(a, b\). */
    public static INDArray linear(INDArray x, double a, double b) {
        INDArray out = like(x);
        if (SmallKernels.applies(out, x)) {
            return SmallKernels.linear(x, a, b, out);
        }
        if (b == 0.0) {
            return x.mul(a, out);
        }
        if (a == 1.0) {
            return x.add(b, out);
        }
        return a == -1.0 ? x.rsub(b, out) : x.mul(a, out).addi(b);
    }

    /** \(-x\). */
    public static INDArray negate(INDArray x) {
        if (x.rank() == 0) {
            return Arena.scalar(x.dataType(), -x.getDouble(0));
        }
        return linear(x, -1.0, 0.0);
    }

    /** \(c / x\) elementwise for a constant \(c\). */
    public static INDArray reciprocal(double c, INDArray x) {
        INDArray out = like(x);
        return SmallKernels.applies(out, x) ? SmallKernels.reciprocal(c, x, out) : x.rdiv(c, out);
    }

    /** \(\min(\max(x, lo), hi)\) elementwise. */
    public static INDArray clamp(INDArray x, double lo, double hi) {
        return SmallKernels.readable(x) ? SmallKernels.clamp(x, lo, hi, like(x))
                : Transforms.min(Transforms.max(x, lo, true), hi, false);
    }

    /** \(g\) where \(lo \le x \le hi\), else 0 (the gradient of {@link #clamp}); {@code g} and {@code x} of one shape. */
    public static INDArray passInside(INDArray g, INDArray x, double lo, double hi) {
        INDArray out = like(g);
        if (SmallKernels.applies(out, g, x)) {
            return SmallKernels.passInside(g, x, lo, hi, out);
        }
        INDArray inside = out.assign(x.gte(lo).castTo(g.dataType())).muli(x.lte(hi).castTo(g.dataType()));
        return inside.muli(g);
    }

    /**
     * An array of {@code shape} holding zeros except for {@code part} at offset {@code from} along
     * {@code axis} (the gradient of a slice).
     */
    public static INDArray embed(INDArray part, long[] shape, int axis, long from) {
        INDArray z = Arena.uninitialized(part.dataType(), shape);
        if (SmallKernels.readable(part) && SmallKernels.readable(z)) {
            return SmallKernels.embed(part, axis, from, z);
        }
        z.assign(0);
        org.nd4j.linalg.indexing.INDArrayIndex[] idx = new org.nd4j.linalg.indexing.INDArrayIndex[shape.length];
        for (int i = 0; i < shape.length; i++) {
            idx[i] = i == axis ? org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + part.size(axis))
                    : org.nd4j.linalg.indexing.NDArrayIndex.all();
        }
        z.get(idx).assign(part);
        return z;
    }

    /** {@code acc += g} in place (two arrays of one type and shape, or {@code g} broadcastable into {@code acc}). */
    public static void addInPlace(INDArray acc, INDArray g) {
        if (BlasUpdates.applies(acc, g)) {
            BlasUpdates.addTo(acc, g);
        } else {
            acc.addi(g);
        }
    }

    /**
     * \(C = \mathrm{op}(P)\,\mathrm{op}(Q)\) for matrices, \(\mathrm{op}\) a transpose where {@code tp} /
     * {@code tq} says so (a flag, never a copy), written into {@code out}, or into a fresh array
     * when {@code out} is null. A product over an empty inner axis is 0.
     */
    public static INDArray matmul(INDArray p, INDArray q, boolean tp, boolean tq, INDArray out) {
        INDArray c = out;
        if (c == null) {
            long rows = tp ? p.columns() : p.rows();
            long cols = tq ? q.rows() : q.columns();
            if (p.isEmpty() || q.isEmpty()) {
                return Nd4j.zeros(p.dataType(), rows, cols);
            }
            c = Arena.uninitialized(p.dataType(), rows, cols);
        }
        if (p.isEmpty() || q.isEmpty()) {
            return c.isEmpty() ? c : c.assign(0);
        }
        if (Gemm.applies(p, q, c)) {
            return Gemm.product(p, q, tp, tq, c);
        }
        Nd4j.gemm(p, q, c, tp, tq, 1.0, 0.0);
        return c;
    }

    /** \(y = xW + \mathbf 1 b^\top\) for {@code x [n, in]}, {@code W [in, out]}, {@code b [out]}: a fresh {@code [n, out]}. */
    public static INDArray affine(INDArray x, INDArray w, INDArray b) {
        INDArray y = matmul(x, w, false, false, null);
        if (!y.isEmpty() && Gemm.applies(y) && contiguousVector(b, y.dataType())) {
            return Gemm.addToRows(y, b);
        }
        return y.addiRowVector(b);
    }

    /**
     * \(s_j = \sum_i g_{ij}\), the column sums of a matrix {@code g [n, m]} (the gradient of a bias
     * added to every row), written into {@code out} {@code [m]}, or a fresh array when it is null.
     */
    public static INDArray columnSums(INDArray g, INDArray out) {
        long m = g.size(1);
        if (Gemm.applies(g) && (out == null || contiguousVector(out, g.dataType()))) {
            return Gemm.columnSums(g, out == null ? Arena.uninitialized(g.dataType(), m) : out);
        }
        return Shapes.sumTo(g, new long[] {m}, out);
    }

    private static boolean contiguousVector(INDArray v, DataType t) {
        return v.dataType() == t && v.rank() == 1 && (v.length() == 1 || v.stride(0) == 1);
    }

    /** \(\sum_i x_i\) over every element. */
    public static double sum(INDArray x) {
        return BlasReductions.sum(x);
    }

    /** \(\sum_i |x_i|\): NaN if an element is NaN, infinite if one is infinite. */
    public static double sumAbs(INDArray x) {
        return BlasReductions.sumAbs(x);
    }

    /** \(\sum_i x_i^2\). */
    public static double sumSquares(INDArray x) {
        return BlasReductions.sumSquares(x);
    }

    /** \(\|x\|_2\). */
    public static double norm2(INDArray x) {
        return BlasReductions.norm2(x);
    }

    /** \(\sum_i x_i y_i\) of two arrays of one type and shape. */
    public static double dot(INDArray x, INDArray y) {
        return BlasReductions.dot(x, y);
    }

    /** \(\min_i x_i\) (NaN if an element is NaN). */
    public static double min(INDArray x) {
        return SmallKernels.readable(x) ? SmallKernels.min(x) : x.minNumber().doubleValue();
    }

    /** Whether every element is exactly 0 or 1 (NaN, infinities, -0.0 and all else are not). */
    public static boolean allZeroOrOne(INDArray x) {
        if (ArrayScans.scannable(x)) {
            return ArrayScans.allZeroOrOne(x);
        }
        return x.eq(0.0).castTo(DataType.INT32).sumNumber().longValue()
                + x.eq(1.0).castTo(DataType.INT32).sumNumber().longValue() == x.length();
    }

    /**
     * The sampling grid {@code [n, height, width, 2]} of affine maps {@code theta [n, 2, 3]}:
     * \(G_{nij} = \theta_n (x_j, y_i, 1)^\top\), \(x_j = (2j + 1)/W - 1\), \(y_i = (2i + 1)/H - 1\)
     * (PyTorch's {@code affine_grid}, {@code align_corners=False}; see {@link SpatialSampling}).
     */
    public static INDArray affineGrid(INDArray theta, int height, int width) {
        return SpatialSampling.affineGrid(theta, height, width);
    }

    /**
     * The gradient {@code [n, 2, 3]} of {@link #affineGrid} for upstream gradient {@code g [n, h, w, 2]}:
     * \(\bar\theta_{n r} = \sum_{ij} \bar G_{nijr} (x_j, y_i, 1)\).
     */
    public static INDArray affineGridBackward(INDArray g) {
        return SpatialSampling.affineGridBackward(g);
    }

    /**
     * Bilinear samples of {@code image [n, c, h, w]} at the normalized points {@code grid
     * [n, ho, wo, 2]} (last axis \((x, y)\), zero padding, {@code align_corners=False}):
     * {@code [n, c, ho, wo]}; the formula is in {@link SpatialSampling}. Float32 or float64, one
     * type for both.
     */
    public static INDArray gridSample(INDArray image, INDArray grid) {
        return SpatialSampling.sample(image, grid);
    }

    /**
     * The gradients of {@link #gridSample} for the upstream gradient {@code g [n, c, ho, wo]}:
     * {@code {d image [n, c, h, w], d grid [n, ho, wo, 2]}}, each null unless asked for.
     */
    public static INDArray[] gridSampleBackward(INDArray g, INDArray image, INDArray grid, boolean toImage, boolean toGrid) {
        return SpatialSampling.backward(g, image, grid, toImage, toGrid);
    }

    /** Whether the small-array Java kernels read {@code x} directly (dense, or a unit-stride matrix view, small). */
    public static boolean smallAndReadable(INDArray x) {
        return SmallKernels.readable(x);
    }

    private static boolean scalars(INDArray x, INDArray y) {
        return x.rank() == 0 && y.rank() == 0 && x.dataType() == y.dataType() && x.dataType().isFPType();
    }

    private static INDArray scalar(INDArray x, INDArray y, DoubleBinaryOperator f) {
        return Arena.scalar(x.dataType(), f.applyAsDouble(x.getDouble(0), y.getDouble(0)));
    }

    private static boolean sameShape(INDArray x, INDArray y) {
        return x.dataType() == y.dataType() && Arrays.equals(x.shape(), y.shape());
    }
}
