package dev.ppl.autodiff.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dcopy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_scopy;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sums of small dense arrays through level-1 BLAS ({@code copy}, {@code axpy}): on the CPU
 * backend an ND4J op costs 7-20 us of dispatch whatever its size, a BLAS call under 1 us
 * (measured on float32[64, 20]: {@code copy} + {@code axpy} 1.8-2.7 us against 13-21 us for
 * ND4J's add into a given output). Results are bit for bit those of the ND4J ops
 * (\(y + 1\cdot x\) and \(y - 1\cdot x\) round like \(y \pm x\)). Above {@link #SMALL} elements ND4J's
 * one-pass op is as fast or faster, so these apply only to small arrays. On the CPU backend the
 * buffers go to OpenBLAS's {@code cblas_*copy} and {@code cblas_*axpy} directly.
 */
final class BlasUpdates {
    /** The largest element count for which {@link #applies} holds. */
    public static final long SMALL = 16_384;
    private static final boolean CPU = Nd4j.getEnvironment().isCPU();

    private BlasUpdates() {}

    /**
     * Whether every array is float32 or float64 of one type and one shape, c order, with its
     * elements in one contiguous run, and at most {@link #SMALL} elements.
     */
    public static boolean applies(INDArray... arrays) {
        INDArray first = arrays[0];
        DataType t = first.dataType();
        if ((t != DataType.FLOAT && t != DataType.DOUBLE) || first.length() > SMALL || first.length() < 1) {
            return false;
        }
        long[] shape = first.shape();
        for (INDArray a : arrays) {
            if (a.dataType() != t || !Arrays.equals(a.shape(), shape) || a.ordering() != 'c' || a.elementWiseStride() != 1) {
                return false;
            }
        }
        return true;
    }

    /** {@code out = x + alpha * y} (all as {@link #applies}); returns {@code out}. */
    public static INDArray sumInto(INDArray x, double alpha, INDArray y, INDArray out) {
        if (CPU) {
            int n = (int) out.length();
            if (out.dataType() == DataType.FLOAT) {
                FloatPointer o = floats(out);
                cblas_scopy(n, floats(x), 1, o, 1);
                cblas_saxpy(n, (float) alpha, floats(y), 1, o, 1);
            } else {
                DoublePointer o = doubles(out);
                cblas_dcopy(n, doubles(x), 1, o, 1);
                cblas_daxpy(n, alpha, doubles(y), 1, o, 1);
            }
            return out;
        }
        var blas = Nd4j.getBlasWrapper().level1();
        blas.copy(x, out);
        blas.axpy(out.length(), alpha, y, out);
        return out;
    }

    /** {@code acc += g} in place (both as {@link #applies}). */
    public static void addTo(INDArray acc, INDArray g) {
        if (CPU) {
            int n = (int) acc.length();
            if (acc.dataType() == DataType.FLOAT) {
                cblas_saxpy(n, 1.0f, floats(g), 1, floats(acc), 1);
            } else {
                cblas_daxpy(n, 1.0, doubles(g), 1, doubles(acc), 1);
            }
            return;
        }
        Nd4j.getBlasWrapper().level1().axpy(acc.length(), 1.0, g, acc);
    }

    private static FloatPointer floats(INDArray a) {
        return SmallKernels.floats(a.data().addressPointer());
    }

    private static DoublePointer doubles(INDArray a) {
        return SmallKernels.doubles(a.data().addressPointer());
    }
}
