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

    /** {@code a} broadcast to {@code shape} (a new array unless the shapes are already equal). */
    public static INDArray broadcastTo(INDArray a, long[] shape) {
        if (Arrays.equals(a.shape(), shape)) {
            return a;
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
        long[] g = grad.shape();
        if (Arrays.equals(g, shape)) {
            return grad;
        }
        int lead = g.length - shape.length;
        int[] axes = new int[g.length];
        int n = 0;
        for (int i = 0; i < g.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && g[i] != 1)) {
                axes[n++] = i;
            }
        }
        INDArray summed = n == 0 ? grad : grad.sum(Arrays.copyOf(axes, n));
        return summed.reshape(shape);
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
}
