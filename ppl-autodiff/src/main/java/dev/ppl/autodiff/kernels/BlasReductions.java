package dev.ppl.autodiff.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dasum;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ddot;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dnrm2;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sasum;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sdot;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_snrm2;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.Shapes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Full reductions of a tensor to one number through BLAS level-1 routines, which on the CPU
 * backend run 5-10x faster than ND4J's generic reductions (measured on float32[128, 784]: 11 us
 * for {@code dot} against 126 us for {@code sumNumber}; 95 us for {@code nrm2} of 650k floats
 * against 480 us for {@code norm2Number}):
 * <ul>
 *   <li>{@link #sum}: \(\sum_i x_i = x \cdot \mathbf 1\) ({@code dot} with a cached vector of ones);</li>
 *   <li>{@link #sumAbs}: \(\sum_i |x_i|\) ({@code asum});</li>
 *   <li>{@link #sumSquares}: \(\sum_i x_i^2\) ({@code dot} of the array with itself);</li>
 *   <li>{@link #norm2}: \(\sqrt{\sum_i x_i^2}\) ({@code dot} of the array with itself, twice as fast as
 *       {@code nrm2}, whose rescaling against overflow and underflow is used only when the sum of
 *       squares is infinite or so small that underflowed squares could matter);</li>
 *   <li>{@link #dot}: \(\sum_i x_i y_i\) of two arrays of one shape ({@code dot}).</li>
 * </ul>
 * A one-element array is read directly. A float32 or float64 array whose elements occupy one
 * contiguous run of its buffer (any order, any rank; the order of summation does not matter for
 * these) takes the BLAS path: on the CPU backend its buffer goes to OpenBLAS's {@code cblas_*}
 * routines directly (no vector view: about 0.2 us for 1,280 float32 values against 11 us through
 * ND4J's BLAS wrapper), elsewhere through ND4J's BLAS wrapper. Other arrays fall back to ND4J's
 * reduction ({@link #sumAbs} of a small strided view, such as a column range of a matrix, is
 * summed in Java by {@link SmallKernels}). A NaN or infinity among the elements makes the result
 * NaN or infinite on every path; the summation order differs from ND4J's, so results agree to
 * rounding, not bit for bit.
 */
final class BlasReductions {
    private static final int MAX_CACHED = 64;
    private static final boolean CPU = Nd4j.getEnvironment().isCPU();
    private static final ConcurrentHashMap<Long, INDArray> ONES = new ConcurrentHashMap<>();

    private BlasReductions() {}

    /** \(\sum_i x_i\) over every element. */
    public static double sum(INDArray x) {
        return reduce(x, v -> v, a -> cblasDot(a, ones(a.dataType(), a.length())),
                v -> Nd4j.getBlasWrapper().dot(v, ones(v.dataType(), v.length())), a -> a.sumNumber().doubleValue());
    }

    /** \(\sum_i |x_i|\) over every element. */
    public static double sumAbs(INDArray x) {
        return reduce(x, Math::abs, a -> a.dataType() == DataType.FLOAT ? cblas_sasum((int) a.length(), floats(a), 1)
                        : cblas_dasum((int) a.length(), doubles(a), 1), v -> Nd4j.getBlasWrapper().asum(v),
                a -> SmallKernels.readable(a) ? SmallKernels.sumAbs(a) : a.norm1Number().doubleValue());
    }

    /** \(\sum_i x_i^2\) over every element ({@code dot(x, x)}). */
    public static double sumSquares(INDArray x) {
        return reduce(x, v -> v * v, BlasReductions::selfDot, v -> Nd4j.getBlasWrapper().dot(v, v),
                a -> a.mul(a).sumNumber().doubleValue());
    }

    /** \(\sqrt{\sum_i x_i^2}\) over every element. */
    public static double norm2(INDArray x) {
        // squares below the smallest normal number (1e-38 in float32) may be lost: above this bound
        // they cannot change the sum by more than n * 1e-38, far below its rounding
        double safe = x.dataType() == DataType.DOUBLE ? 1e-280 : 1e-20;
        return reduce(x, Math::abs, a -> {
            double s = selfDot(a);
            if (Double.isFinite(s) && s > safe) {
                return Math.sqrt(s);
            }
            int n = (int) a.length();
            return a.dataType() == DataType.FLOAT ? cblas_snrm2(n, floats(a), 1) : cblas_dnrm2(n, doubles(a), 1);
        }, v -> {
            double s = Nd4j.getBlasWrapper().dot(v, v);
            return Double.isFinite(s) && s > safe ? Math.sqrt(s) : Nd4j.getBlasWrapper().nrm2(v);
        }, a -> a.norm2Number().doubleValue());
    }

    /**
     * \(\sum_i x_i y_i\) over every element of two arrays of the same shape and data type: one
     * BLAS {@code dot} when both are dense in the same order, {@code x.mul(y)} summed otherwise.
     *
     * @throws IllegalArgumentException naming the shapes or types if they differ
     */
    public static double dot(INDArray x, INDArray y) {
        if (!java.util.Arrays.equals(x.shape(), y.shape()) || x.dataType() != y.dataType()) {
            throw new IllegalArgumentException("dot: arrays " + x.dataType() + Shapes.str(x.shape()) + " and "
                    + y.dataType() + Shapes.str(y.shape()) + " must have the same shape and data type");
        }
        if (x.length() == 1 && x.isR()) {
            return x.getDouble(0) * y.getDouble(0);
        }
        boolean sameOrder = x.rank() == 1 || x.ordering() == y.ordering();
        if (sameOrder && direct(x) && direct(y)) {
            return cblasDot(x, y);
        }
        INDArray u = contiguousVector(x), v = contiguousVector(y);
        boolean sameLayout = u != null && v != null && sameOrder;
        return sameLayout ? Nd4j.getBlasWrapper().dot(u, v) : x.mul(y).sumNumber().doubleValue();
    }

    /**
     * One element: {@code single}; a dense float array on the CPU: {@code cblas}, called on its
     * buffer directly; a dense float array elsewhere: {@code blas} of its vector view; otherwise
     * {@code fallback}.
     */
    private static double reduce(INDArray x, DoubleUnaryOperator single, ToDoubleFunction<INDArray> cblas,
                                 ToDoubleFunction<INDArray> blas, ToDoubleFunction<INDArray> fallback) {
        if (x.length() == 1 && x.isR()) {
            return single.applyAsDouble(x.getDouble(0));
        }
        if (direct(x)) {
            return cblas.applyAsDouble(x);
        }
        INDArray v = contiguousVector(x);
        return v == null ? fallback.applyAsDouble(x) : blas.applyAsDouble(v);
    }

    /** \(x \cdot x\) of a {@link #direct} array. */
    private static double selfDot(INDArray a) {
        return cblasDot(a, a);
    }

    /** \(x \cdot y\) of two {@link #direct} arrays of one type and length, laid out alike. */
    private static double cblasDot(INDArray x, INDArray y) {
        int n = (int) x.length();
        return x.dataType() == DataType.FLOAT ? cblas_sdot(n, floats(x), 1, floats(y), 1)
                : cblas_ddot(n, doubles(x), 1, doubles(y), 1);
    }

    /**
     * Whether OpenBLAS can be called on {@code x}'s buffer directly: the CPU backend, float32 or
     * float64, at least 2 elements, all of them in one contiguous run at the start of its
     * (offset) buffer. This skips the vector view, whose creation costs several microseconds.
     */
    private static boolean direct(INDArray x) {
        DataType t = x.dataType();
        if (!CPU || (t != DataType.FLOAT && t != DataType.DOUBLE) || x.length() < 2 || x.length() > Integer.MAX_VALUE) {
            return false;
        }
        return x.elementWiseStride() == 1 && (x.rank() == 1 || dense(x.shape(), x.stride(), x.ordering()));
    }

    private static FloatPointer floats(INDArray a) {
        return SmallKernels.floats(a.data().addressPointer());
    }

    private static DoublePointer doubles(INDArray a) {
        return SmallKernels.doubles(a.data().addressPointer());
    }

    /** A rank-1 view of {@code x} over the same elements, or null when the BLAS path does not apply. */
    private static INDArray contiguousVector(INDArray x) {
        DataType t = x.dataType();
        if ((t != DataType.FLOAT && t != DataType.DOUBLE) || x.length() < 2 || x.length() > Integer.MAX_VALUE) {
            return null;
        }
        if (x.rank() == 1 && x.elementWiseStride() == 1) {
            return x;
        }
        if (x.elementWiseStride() != 1 || !dense(x.shape(), x.stride(), x.ordering())) {
            return null;
        }
        return x.reshape(x.ordering(), new long[] {x.length()});
    }

    /** Whether the strides are those of a dense array of this shape in this order (size-1 axes ignored). */
    private static boolean dense(long[] shape, long[] stride, char order) {
        long expected = 1;
        for (int k = 0; k < shape.length; k++) {
            int i = order == 'c' ? shape.length - 1 - k : k;
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    private static INDArray ones(DataType t, long n) {
        long key = n * 2 + (t == DataType.DOUBLE ? 1 : 0);
        INDArray o = ONES.get(key);
        if (o == null) {
            if (ONES.size() >= MAX_CACHED) {
                ONES.clear();
            }
            o = Arena.outside(() -> Nd4j.ones(t, n));
            ONES.put(key, o);
        }
        return o;
    }
}
