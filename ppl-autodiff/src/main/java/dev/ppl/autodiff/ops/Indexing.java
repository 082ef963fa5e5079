package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.DifferentiableBackward;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.Select;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterAdd;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Selecting and assembling elements: slices, gathers, concatenation, stacking, selection by a
 * mask and one-hot encoding. Gradients route \(\bar y\) back to the elements each output came
 * from, adding where an element was used more than once. The rules of slice, concat (and so
 * stack) and where are also differentiable ({@link DifferentiableBackward}); gather's is not
 * (its adjoint, a scatter-add, is no op here).
 */
public final class Indexing {
    private Indexing() {}

    /** Elements {@code from} (inclusive) to {@code to} (exclusive) along {@code axis}. */
    public static Var slice(Var a, int axis, long from, long to) {
        long[] in = a.shape();
        int ax = Shapes.axis("slice", axis, in.length);
        if (from < 0 || to > in[ax] || from >= to) {
            throw new IllegalArgumentException("slice: range [" + from + ", " + to + ") is empty or outside axis "
                    + ax + " of shape " + Shapes.str(in));
        }
        INDArrayIndex[] idx = new INDArrayIndex[in.length];
        for (int i = 0; i < in.length; i++) {
            idx[i] = i == ax ? NDArrayIndex.interval(from, to) : NDArrayIndex.all();
        }
        return Var.of("slice", a.value().get(idx), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {Kernels.embed(g, in, ax, from)}; }
            @Override public Var[] apply(Var g, Var y, Var[] x) { return new Var[] {embed(g, in, ax, from)}; }
        }, a);
    }

    /** {@code part} placed at offset {@code from} along {@code axis} of zeros of {@code shape}: concat with zero blocks. */
    private static Var embed(Var part, long[] shape, int axis, long from) {
        long to = from + part.shape()[axis];
        java.util.List<Var> pieces = new java.util.ArrayList<>();
        if (from > 0) {
            pieces.add(zeros(part, shape, axis, from));
        }
        pieces.add(part);
        if (to < shape[axis]) {
            pieces.add(zeros(part, shape, axis, shape[axis] - to));
        }
        return pieces.size() == 1 ? part : concat(axis, pieces.toArray(new Var[0]));
    }

    private static Var zeros(Var like, long[] shape, int axis, long size) {
        long[] s = shape.clone();
        s[axis] = size;
        return Var.constant(Nd4j.zeros(like.dtype(), s));
    }

    /** Index selection along {@code axis}: output index {@code i} is input index {@code indices[i]}. */
    public static Var gather(Var a, int axis, long... indices) {
        long[] in = a.shape();
        int ax = Shapes.axis("gather", axis, in.length);
        int[] ids = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= in[ax]) {
                throw new IllegalArgumentException("gather: index " + indices[i] + " at position " + i
                        + " is outside axis " + ax + " of shape " + Shapes.str(in));
            }
            ids[i] = (int) indices[i];
        }
        INDArray y = Nd4j.exec(new Gather(a.value(), ids, ax))[0];
        return Var.of("gather", y, g -> new INDArray[] {scatterAdd(g, ids, ax, in)}, a);
    }

    /** Concatenation along {@code axis}; all other axes must agree. */
    public static Var concat(int axis, Var... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no inputs");
        }
        int rank = parts[0].rank();
        int ax = Shapes.axis("concat", axis, rank);
        INDArray[] values = new INDArray[parts.length];
        long[] offsets = new long[parts.length + 1];
        for (int i = 0; i < parts.length; i++) {
            Checks.sameType("concat", parts[0], parts[i]);
            long[] s = parts[i].shape();
            long[] s0 = parts[0].shape();
            boolean ok = s.length == rank;
            for (int d = 0; ok && d < rank; d++) {
                ok = d == ax || s[d] == s0[d];
            }
            if (!ok) {
                throw new IllegalArgumentException("concat: input " + i + " has shape " + Shapes.str(s)
                        + ", incompatible with input 0 of shape " + Shapes.str(s0) + " along axis " + ax);
            }
            values[i] = parts[i].value();
            offsets[i + 1] = offsets[i] + s[ax];
        }
        INDArray y = parts.length == 1 ? values[0] : Nd4j.concat(ax, values);
        return Var.of("concat", y, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                INDArray[] out = new INDArray[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    INDArrayIndex[] idx = new INDArrayIndex[rank];
                    for (int d = 0; d < rank; d++) {
                        idx[d] = d == ax ? NDArrayIndex.interval(offsets[i], offsets[i + 1]) : NDArrayIndex.all();
                    }
                    out[i] = g.get(idx);
                }
                return out;
            }
            @Override public Var[] apply(Var g, Var y, Var[] in) {
                Var[] out = new Var[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    out[i] = parts.length == 1 ? g : slice(g, ax, offsets[i], offsets[i + 1]);
                }
                return out;
            }
        }, parts);
    }

    /** Stacks equally shaped inputs along a new axis {@code axis}. */
    public static Var stack(int axis, Var... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: no inputs");
        }
        Var[] expanded = new Var[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!java.util.Arrays.equals(parts[i].shape(), parts[0].shape())) {
                throw new IllegalArgumentException("stack: input " + i + " has shape " + Shapes.str(parts[i].shape())
                        + ", input 0 has " + Shapes.str(parts[0].shape()));
            }
            expanded[i] = ShapeOps.expandDims(parts[i], axis);
        }
        return concat(axis < 0 ? axis + parts[0].rank() + 1 : axis, expanded);
    }

    /**
     * Elementwise selection \(y = m \,?\, a : b\) with NumPy broadcasting of all three to their
     * common shape; \(\bar a = \bar y\,[m]\) and \(\bar b = \bar y\,[\lnot m]\), each summed back to
     * its operand's shape: the gradient reaches only the branch that was chosen. The mask \(m\) is a
     * constant (no gradient): a boolean array, or a numeric one holding only 0 and 1.
     *
     * @throws IllegalArgumentException naming the three shapes if they do not broadcast, the
     *     data types if {@code a} and {@code b} differ, and the mask if it holds other numbers
     */
    public static Var where(INDArray mask, Var a, Var b) {
        long[] shape = Checks.broadcast("where", mask.shape(), a.shape(), b.shape());
        Checks.sameType("where", a, b);
        if (mask.dataType() != DataType.BOOL && !isZeroOne(mask)) {
            throw new IllegalArgumentException("where: the mask " + mask.dataType() + Shapes.str(mask.shape())
                    + " holds values other than 0 and 1; pass a boolean array (e.g. x.gt(0))");
        }
        INDArray m = Shapes.broadcastTo(mask.castTo(DataType.BOOL), shape);
        INDArray x = Shapes.broadcastTo(a.value(), shape), y = Shapes.broadcastTo(b.value(), shape);
        INDArray out = Nd4j.createUninitialized(x.dataType(), shape);
        Nd4j.exec(new Select(new INDArray[] {m, x, y}, new INDArray[] {out}));
        long[] sa = a.shape(), sb = b.shape();
        return Var.of("where", out, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                INDArray mf = m.castTo(g.dataType());
                return new INDArray[] {
                    a.requiresGrad() ? Shapes.sumTo(g.mul(mf), sa) : null,
                    b.requiresGrad() ? Shapes.sumTo(g.mul(mf.rsub(1.0)), sb) : null};
            }
            @Override public Var[] apply(Var g, Var y, Var[] in) {
                Var zero = Var.scalar(0.0, g.dtype());
                return new Var[] {
                    a.requiresGrad() ? where(m, g, zero).sumTo(sa) : null,
                    b.requiresGrad() ? where(m, zero, g).sumTo(sb) : null};
            }
        }, a, b);
    }

    /** Whether every element of a numeric array is 0 or 1: \(\sum |m (1 - m)| = 0\) (NaN otherwise). */
    private static boolean isZeroOne(INDArray mask) {
        INDArray m = mask.castTo(DataType.DOUBLE);
        return m.length() == 0 || m.mul(m.rsub(1.0)).norm1Number().doubleValue() == 0.0;
    }

    /** One-hot encoding: shape {@code indices.shape + [depth]}, a constant of {@code dtype}. */
    public static Var oneHot(INDArray indices, int depth, DataType dtype) {
        if (indices.length() > 0) {
            double lo = indices.minNumber().doubleValue(), hi = indices.maxNumber().doubleValue();
            if (lo < 0 || hi >= depth) {
                throw new IllegalArgumentException("oneHot: indices must lie in [0, " + depth + "), got range ["
                        + lo + ", " + hi + "] in shape " + Shapes.str(indices.shape()));
            }
        }
        long[] shape = java.util.Arrays.copyOf(indices.shape(), indices.rank() + 1);
        shape[indices.rank()] = depth;
        INDArray y = Nd4j.zeros(dtype, indices.length(), depth);
        INDArray flat = indices.reshape(indices.length());
        for (long i = 0; i < indices.length(); i++) {
            y.putScalar(i, flat.getLong(i), 1.0);
        }
        return Var.constant(y.reshape(shape));
    }

    private static INDArray scatterAdd(INDArray g, int[] ids, int ax, long[] inShape) {
        int r = inShape.length;
        int[] toFront = new int[r];
        toFront[0] = ax;
        for (int i = 0, j = 1; i < r; i++) {
            if (i != ax) {
                toFront[j++] = i;
            }
        }
        int[] back = new int[r];
        for (int i = 0; i < r; i++) {
            back[toFront[i]] = i;
        }
        long[] frontShape = new long[r];
        for (int i = 0; i < r; i++) {
            frontShape[i] = inShape[toFront[i]];
        }
        INDArray ref = Nd4j.zeros(g.dataType(), frontShape);
        INDArray updates = g.permute(toFront).dup('c');
        INDArray summed = Nd4j.exec(new ScatterAdd(ref, Nd4j.createFromArray(ids), updates))[0];
        return summed.permute(back);
    }
}
