package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.DifferentiableBackward;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Ops that rearrange elements without changing them; each gradient is the inverse rearrangement,
 * which is itself one of these ops (so every rule here is also differentiable, see
 * {@link DifferentiableBackward}).
 */
public final class ShapeOps {
    private ShapeOps() {}

    /** The same elements in C order under a new shape of equal length. */
    public static Var reshape(Var a, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != a.length()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(a.shape()) + " ("
                    + a.length() + " elements) to " + Shapes.str(shape) + " (" + n + " elements)");
        }
        long[] in = a.shape();
        return Var.of("reshape", a.value().reshape('c', shape), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.reshape('c', in)}; }
            @Override public Var[] apply(Var g, Var z, Var[] x) { return new Var[] {reshape(g, in)}; }
        }, a);
    }

    /** Axes reordered: output axis {@code i} is input axis {@code axes[i]}. */
    public static Var permute(Var a, int... axes) {
        int r = a.rank();
        if (axes.length != r) {
            throw new IllegalArgumentException("permute: " + axes.length + " axes given for rank " + r
                    + " input of shape " + Shapes.str(a.shape()));
        }
        int[] inverse = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            int ax = Shapes.axis("permute", axes[i], r);
            if (seen[ax]) {
                throw new IllegalArgumentException("permute: axis " + ax + " given twice in " + java.util.Arrays.toString(axes));
            }
            seen[ax] = true;
            inverse[ax] = i;
        }
        int[] perm = axes.clone();
        for (int i = 0; i < r; i++) {
            perm[i] = Shapes.axis("permute", perm[i], r);
        }
        return Var.of("permute", a.value().permute(perm), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.permute(inverse)}; }
            @Override public Var[] apply(Var g, Var z, Var[] x) { return new Var[] {permute(g, inverse)}; }
        }, a);
    }

    /** Swaps the last two axes. */
    public static Var transpose(Var a) {
        int r = a.rank();
        if (r < 2) {
            throw new IllegalArgumentException("transpose: needs rank >= 2, got shape " + Shapes.str(a.shape()));
        }
        int[] axes = new int[r];
        for (int i = 0; i < r; i++) {
            axes[i] = i;
        }
        axes[r - 2] = r - 1;
        axes[r - 1] = r - 2;
        return permute(a, axes);
    }

    /** NumPy broadcast to {@code shape}; the gradient is summed back ({@link Shapes#sumTo}). */
    public static Var broadcastTo(Var a, long... shape) {
        long[] in = a.shape();
        if (java.util.Arrays.equals(in, shape)) {
            return a;
        }
        long[] out = Shapes.broadcast("broadcastTo", in, shape);
        if (!java.util.Arrays.equals(out, shape)) {
            throw new IllegalArgumentException("broadcastTo: shape " + Shapes.str(in) + " cannot be broadcast to "
                    + Shapes.str(shape));
        }
        return Var.of("broadcastTo", Shapes.broadcastTo(a.value(), shape), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {Shapes.sumTo(g, in)}; }
            @Override public Var[] apply(Var g, Var z, Var[] x) { return new Var[] {sumTo(g, in)}; }
        }, a);
    }

    /**
     * The adjoint of {@link #broadcastTo}: {@code a} summed over the axes along which an array of
     * {@code shape} would have been broadcast to {@code a}'s shape (its extra leading axes, and
     * the axes where {@code shape} has 1), giving exactly {@code shape}. Composed of
     * {@link Reductions#sum} and {@link #reshape}, so its gradient broadcasts back.
     *
     * @throws IllegalArgumentException naming both shapes if {@code shape} does not broadcast to
     *     {@code a}'s shape
     */
    public static Var sumTo(Var a, long... shape) {
        long[] in = a.shape();
        if (java.util.Arrays.equals(in, shape)) {
            return a;
        }
        if (shape.length > in.length || !java.util.Arrays.equals(Shapes.broadcast("sumTo", in, shape), in)) {
            throw new IllegalArgumentException("sumTo: shape " + Shapes.str(in) + " cannot be summed to "
                    + Shapes.str(shape) + ", which does not broadcast to it");
        }
        int lead = in.length - shape.length;
        int[] axes = new int[in.length];
        int n = 0;
        for (int i = 0; i < in.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && in[i] != 1)) {
                axes[n++] = i;
            }
        }
        Var summed = n == 0 ? a : Reductions.sum(a, true, java.util.Arrays.copyOf(axes, n));
        return reshape(summed, shape);
    }

    /** Inserts a size-1 axis at position {@code axis} (which may equal the rank). */
    public static Var expandDims(Var a, int axis) {
        long[] in = a.shape();
        int ax = axis < 0 ? axis + in.length + 1 : axis;
        if (ax < 0 || ax > in.length) {
            throw new IllegalArgumentException("expandDims: axis " + axis + " out of range for shape " + Shapes.str(in));
        }
        long[] out = new long[in.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == ax ? 1 : in[j++];
        }
        return reshape(a, out);
    }

    /** Removes the size-1 axis {@code axis}. */
    public static Var squeeze(Var a, int axis) {
        long[] in = a.shape();
        int ax = Shapes.axis("squeeze", axis, in.length);
        if (in[ax] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + ax + " of shape " + Shapes.str(in) + " has size " + in[ax]);
        }
        long[] out = new long[in.length - 1];
        for (int i = 0, j = 0; i < in.length; i++) {
            if (i != ax) {
                out[j++] = in[i];
            }
        }
        return reshape(a, out);
    }

    /** The value converted to {@code dtype}; the gradient is converted back. */
    public static Var cast(Var a, DataType dtype) {
        if (a.dtype() == dtype) {
            return a;
        }
        DataType from = a.dtype();
        return Var.of("cast", a.value().castTo(dtype), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.castTo(from)}; }
            @Override public Var[] apply(Var g, Var z, Var[] x) { return new Var[] {cast(g, from)}; }
        }, a);
    }
}
