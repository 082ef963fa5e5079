package dev.ppl.autodiff.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dger;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sger;

import dev.ppl.autodiff.Arena;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Level-2 and level-3 BLAS on row-major matrices, called on OpenBLAS directly: the matrix
 * product \(C = \mathrm{op}(P)\,\mathrm{op}(Q)\) ({@code gemm}), the rank-one update
 * \(C \mathrel{+}= \mathbf 1 b^\top\) that adds a bias to every row ({@code ger}) and the column
 * sums \(s = G^\top \mathbf 1\) ({@code gemv}). ND4J's {@code gemm} builds an op context, shape
 * descriptors and output checks around the same OpenBLAS call; a dense layer's forward and
 * backward at batch 64 made 11 such contexts and 48 native buffers per VAE step for bias adds
 * and bias sums (see {@code docs/benchmarks.md}). Applies to float32 and float64 matrices whose
 * rows are unit-stride runs (dense c order, or a column slice of one) on the CPU backend; other
 * arrays take ND4J's path.
 */
final class Gemm {
    private static final boolean CPU = Nd4j.getEnvironment().isCPU();
    private static final ThreadLocal<INDArray[]> ONES = ThreadLocal.withInitial(() -> new INDArray[2]);

    private Gemm() {}

    /**
     * Whether every array is a non-empty float32 or float64 matrix of one type whose rows are
     * unit-stride runs (leading dimension {@code stride(0)} at least its row length), on the CPU.
     */
    static boolean applies(INDArray... arrays) {
        if (!CPU) {
            return false;
        }
        DataType t = arrays[0].dataType();
        if (t != DataType.FLOAT && t != DataType.DOUBLE) {
            return false;
        }
        for (INDArray a : arrays) {
            if (a.dataType() != t || a.rank() != 2 || a.isEmpty() || a.length() > Integer.MAX_VALUE
                    || (a.size(1) > 1 && a.stride(1) != 1) || leading(a) < a.size(1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code out = op(p) op(q)} (op a transpose where {@code tp}/{@code tq}); returns {@code out}.
     * A product of at least {@link #SPLIT_MACS} multiply-adds, when BLAS runs on one thread, is
     * computed as two column blocks of {@code out} at once ({@link Halves}), one BLAS call each:
     * \(C_{:, J} = \mathrm{op}(P)\,\mathrm{op}(Q)_{:, J}\) (the rounding may differ from one call's in
     * the last bits, as between BLAS thread counts).
     */
    static INDArray product(INDArray p, INDArray q, boolean tp, boolean tq, INDArray out) {
        int m = (int) out.size(0), n = (int) out.size(1), k = (int) (tp ? p.size(0) : p.size(1));
        long macs = (long) m * n * k;
        if (macs >= SPLIT_MACS && n >= 2 && blasThreads() == 1) {
            Halves.run(n, macs, SPLIT_MACS, (from, to) -> columns(p, q, tp, tq, out, m, k, from, to));
        } else {
            columns(p, q, tp, tq, out, m, k, 0, n);
        }
        return out;
    }

    /** The least multiply-adds of a product computed as two column blocks at once when BLAS has one thread (measured: a [64, 200] x [200, 400] product, 5M, is no faster split; [64, 310] x [310, 1024], 20M, is 1.15x faster). */
    static final long SPLIT_MACS = 16_000_000;

    /** Columns {@code [from, to)} of {@code out = op(p) op(q)}. */
    private static void columns(INDArray p, INDArray q, boolean tp, boolean tq, INDArray out, int m, int k, int from, int to) {
        int ta = tp ? CblasTrans : CblasNoTrans, tb = tq ? CblasTrans : CblasNoTrans;
        // column j of op(q) starts at element j of q's first row, or at q's row j when transposed
        long qOffset = tq ? (long) from * leading(q) : from;
        if (out.dataType() == DataType.FLOAT) {
            cblas_sgemm(CblasRowMajor, ta, tb, m, to - from, k, 1f, floats(p), leading(p), floatsAt(q, qOffset), leading(q), 0f,
                    floatsAt(out, from), leading(out));
        } else {
            cblas_dgemm(CblasRowMajor, ta, tb, m, to - from, k, 1.0, doubles(p), leading(p), doublesAt(q, qOffset), leading(q),
                    0.0, doublesAt(out, from), leading(out));
        }
    }

    /** OpenBLAS's thread count, as ND4J's BLAS wrapper reports it. */
    private static int blasThreads() {
        return Nd4j.factory().blas().getMaxThreads();
    }

    /** {@code c[i, j] += b[j]} for every row {@code i} ({@code b} a vector of {@code c.size(1)} contiguous elements). */
    static INDArray addToRows(INDArray c, INDArray b) {
        int m = (int) c.size(0), n = (int) c.size(1);
        if (c.dataType() == DataType.FLOAT) {
            cblas_sger(CblasRowMajor, m, n, 1f, floats(ones(c.dataType(), m)), 1, floats(b), 1, floats(c), leading(c));
        } else {
            cblas_dger(CblasRowMajor, m, n, 1.0, doubles(ones(c.dataType(), m)), 1, doubles(b), 1, doubles(c), leading(c));
        }
        return c;
    }

    /** {@code out[j] = sum_i g[i, j]} into the {@code g.size(1)} contiguous elements of {@code out}; returns {@code out}. */
    static INDArray columnSums(INDArray g, INDArray out) {
        int m = (int) g.size(0), n = (int) g.size(1);
        if (g.dataType() == DataType.FLOAT) {
            cblas_sgemv(CblasRowMajor, CblasTrans, m, n, 1f, floats(g), leading(g), floats(ones(g.dataType(), m)), 1, 0f,
                    floats(out), 1);
        } else {
            cblas_dgemv(CblasRowMajor, CblasTrans, m, n, 1.0, doubles(g), leading(g), doubles(ones(g.dataType(), m)), 1,
                    0.0, doubles(out), 1);
        }
        return out;
    }

    /** The row stride of a matrix, as BLAS's leading dimension (a single row's is its length: any stride reads it). */
    private static int leading(INDArray a) {
        return (int) Math.max(a.size(0) == 1 ? a.size(1) : a.stride(0), 1);
    }

    /** A per-thread vector of at least {@code n} ones of {@code dtype}, allocated outside any arena and never written. */
    private static INDArray ones(DataType dtype, long n) {
        INDArray[] cache = ONES.get();
        int slot = dtype == DataType.FLOAT ? 0 : 1;
        if (cache[slot] == null || cache[slot].length() < n) {
            long size = Math.max(n, 1024);
            cache[slot] = Arena.outside(() -> Nd4j.ones(dtype, size));
        }
        return cache[slot];
    }

    private static FloatPointer floats(INDArray a) {
        return SmallKernels.floats(a.data().addressPointer());
    }

    private static DoublePointer doubles(INDArray a) {
        return SmallKernels.doubles(a.data().addressPointer());
    }

    /** A fresh pointer {@code offset} elements past {@code a}'s first (its own object: positions are per pointer). */
    private static FloatPointer floatsAt(INDArray a, long offset) {
        if (offset == 0) {
            return floats(a);
        }
        FloatPointer f = new FloatPointer(a.data().addressPointer());
        return f.position(f.position() + offset);
    }

    private static DoublePointer doublesAt(INDArray a, long offset) {
        if (offset == 0) {
            return doubles(a);
        }
        DoublePointer d = new DoublePointer(a.data().addressPointer());
        return d.position(d.position() + offset);
    }
}
