package dev.ppl.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastTo;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shape arithmetic shared by ops: NumPy broadcasting of shapes, broadcasting an array to a shape,
 * and its adjoint, summing a gradient back to an operand's shape.
 */
public final class Shapes {
    private Shapes() {}

    /**
     * The NumPy broadcast of two shapes: dimensions are aligned from the right and each pair must
     * be equal or contain a 1.
     *
     * @throws IllegalArgumentException naming {@code op} and both shapes if they do not broadcast
     */
    public static long[] broadcast(String op, long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and "
                        + Arrays.toString(b) + " do not broadcast (axis " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /**
     * {@code a} broadcast to {@code shape} (a new array unless the shapes are already equal). A
     * one-element floating-point {@code a} (the gradient of a sum, say) fills the new array with
     * one scalar op: ND4J's general {@code broadcast_to} was measured several times slower for it.
     */
    public static INDArray broadcastTo(INDArray a, long[] shape) {
        if (Arrays.equals(a.shape(), shape)) {
            return a;
        }
        if (a.length() == 1 && a.rank() <= shape.length && a.dataType().isFPType()) {
            return Nd4j.createUninitialized(a.dataType(), shape).assign(a.getDouble(0));
        }
        INDArray out = Nd4j.createUninitialized(a.dataType(), shape);
        Nd4j.exec(new BroadcastTo(a, shape, out));
        return out;
    }

    /**
     * The adjoint of broadcasting: sums {@code grad} over the axes along which an operand of
     * {@code shape} was broadcast, giving an array of exactly {@code shape}.
     */
    public static INDArray sumTo(INDArray grad, long[] shape) {
        return sumTo(grad, shape, null);
    }

    /**
     * {@link #sumTo(INDArray, long[])}, written into {@code out} (of {@code shape}) when it is
     * non-null. Summing a contiguous gradient over its leading axes (the bias of a dense layer)
     * is one GEMM with a row of ones, several times faster than ND4J's strided reduction.
     */
    public static INDArray sumTo(INDArray grad, long[] shape, INDArray out) {
        long[] g = grad.shape();
        if (Arrays.equals(g, shape)) {
            return out == null ? grad : out.assign(grad);
        }
        int lead = g.length - shape.length;
        int[] axes = new int[g.length];
        int n = 0;
        boolean leadingOnly = true;
        for (int i = 0; i < g.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && g[i] != 1)) {
                leadingOnly &= n == i;
                axes[n++] = i;
            }
        }
        if (leadingOnly && n > 0 && n < g.length && grad.isR() && grad.ordering() == 'c' && !grad.isView()) {
            long rows = 1;
            for (int i = 0; i < n; i++) {
                rows *= g[i];
            }
            long cols = grad.length() / rows;
            INDArray result = out == null ? Nd4j.createUninitialized(grad.dataType(), 1, cols) : out.reshape(1, cols);
            Nd4j.gemm(Ones.row(grad.dataType(), rows), grad.reshape(rows, cols), result, false, false, 1.0, 0.0);
            return out == null ? result.reshape(shape) : out;
        }
        INDArray summed = n == 0 ? grad : grad.sum(Arrays.copyOf(axes, n));
        INDArray r = summed.reshape(shape);
        return out == null ? r : out.assign(r);
    }

    /** Normalizes a possibly negative axis against {@code rank}, naming {@code op} if out of range. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    /** The shape as printed in error messages. */
    public static String str(long[] shape) {
        return Arrays.toString(shape);
    }

    /**
     * {@code x} broadcast to the common shape of {@code x} and {@code y} where that differs from
     * {@code x}'s own (a view): ND4J's binary ops broadcast {@code y} into {@code x}'s shape only,
     * so for mutual broadcasting ({@code [2, 1]} with {@code [3]}) the left operand is widened first.
     */
    public static INDArray widened(INDArray x, INDArray y) {
        long[] common = broadcast("broadcast", x.shape(), y.shape());
        return Arrays.equals(common, x.shape()) ? x : broadcastTo(x, common);
    }
}
