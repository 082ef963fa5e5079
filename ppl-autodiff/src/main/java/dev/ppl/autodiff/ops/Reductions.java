package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.DifferentiableBackward;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Reductions over chosen axes (all axes when none are given), keeping reduced axes as size 1
 * when {@code keepDims}. Each gradient broadcasts \(\bar y\) back over the reduced axes.
 */
public final class Reductions {
    private Reductions() {}

    /** \(\sum_{axes} x\); \(\bar x = \bar y\) broadcast. */
    public static Var sum(Var a, boolean keepDims, int... axes) {
        int[] ax = normalize("sum", a.rank(), axes);
        if (a.rank() == 0) {
            return a; // the sum of one number is that number: no op, no backward
        }
        long[] in = a.shape();
        long[] kept = keptShape(in, ax);
        INDArray x = a.value();
        INDArray y = ax.length == in.length && in.length > 0 && x.isR()
                ? full(x.dataType(), keepDims ? kept : new long[0], Kernels.sum(x)) // one BLAS dot
                : x.sum(keepDims, ax);
        return Var.of("sum", y, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {Shapes.broadcastTo(g.reshape(kept), in)}; }
            @Override public Var[] apply(Var g, Var z, Var[] x) {
                return new Var[] {ShapeOps.broadcastTo(ShapeOps.reshape(g, kept), in)};
            }
        }, a);
    }

    private static INDArray full(DataType t, long[] shape, double v) {
        return shape.length == 0 ? Arena.scalar(t, v) : Nd4j.valueArrayOf(shape, v, t);
    }

    /** \(\frac{1}{n}\sum_{axes} x\) with \(n\) the number of reduced elements. */
    public static Var mean(Var a, boolean keepDims, int... axes) {
        int[] ax = normalize("mean", a.rank(), axes);
        long n = 1;
        for (int i : ax) {
            n *= a.shape()[i];
        }
        return Arithmetic.mul(sum(a, keepDims, ax), 1.0 / n);
    }

    /** \(\sum x^2\) over all elements in one reduction; \(\bar x = 2\bar y x\). */
    public static Var sumSquares(Var a) {
        Checks.floating("sumSquares", a);
        INDArray x = a.value();
        INDArray y = x.isR() ? Nd4j.scalar(x.dataType(), Kernels.sumSquares(x)) : Nd4j.exec(new SquaredNorm(x));
        return Var.of("sumSquares", y, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {x.mul(2.0 * g.getDouble(0))}; }
            @Override public Var[] apply(Var g, Var z, Var[] in) { return new Var[] {in[0].mul(g).mul(2.0)}; }
        }, a);
    }

    /** \(\max_{axes} x\); the gradient is split equally among tied maxima. */
    public static Var max(Var a, boolean keepDims, int... axes) {
        int[] ax = normalize("max", a.rank(), axes);
        INDArray x = a.value();
        long[] in = x.shape();
        long[] kept = keptShape(in, ax);
        INDArray mk = x.max(true, ax);
        INDArray y = keepDims ? mk : mk.reshape(keptShape(in, ax, false));
        return Var.of("max", y, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                INDArray mask = x.eq(mk).castTo(g.dataType());
                INDArray count = mask.sum(true, ax);
                return new INDArray[] {mask.muli(g.reshape(kept).div(count))};
            }
            @Override public Var[] apply(Var g, Var z, Var[] in) { // the tie weights are piecewise constant
                INDArray mask = x.eq(mk).castTo(g.dtype());
                INDArray weights = mask.divi(mask.sum(true, ax));
                return new Var[] {ShapeOps.reshape(g, kept).mul(Var.constant(weights))};
            }
        }, a);
    }

    /**
     * \(\log\sum_{axes} e^{x}\), computed as \(m + \log\sum e^{x-m}\) with \(m = \max x\);
     * \(\bar x = \bar y\, e^{x - y}\) (the softmax).
     */
    public static Var logSumExp(Var a, boolean keepDims, int... axes) {
        Checks.floating("logSumExp", a);
        int[] ax = normalize("logSumExp", a.rank(), axes);
        INDArray x = a.value();
        long[] in = x.shape();
        long[] kept = keptShape(in, ax);
        INDArray lk = logSumExp(x, ax);
        INDArray y = keepDims ? lk : lk.reshape(keptShape(in, ax, false));
        return Var.of("logSumExp", y, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {Transforms.exp(x.sub(lk), false).muli(g.reshape(kept))};
            }
            @Override public Var[] apply(Var g, Var self, Var[] in) {
                Var softmax = in[0].sub(ShapeOps.reshape(self, kept)).exp();
                return new Var[] {softmax.mul(ShapeOps.reshape(g, kept))};
            }
        }, a);
    }

    /** Stable log-sum-exp of an array over {@code axes}, keeping dims. */
    static INDArray logSumExp(INDArray x, int... axes) {
        INDArray m = x.max(true, axes);
        // all -inf slices: use 0 as the shift so the result is -inf rather than NaN
        m = Transforms.max(m, -Double.MAX_VALUE, false);
        INDArray s = Transforms.exp(x.sub(m), false).sum(true, axes);
        return Transforms.log(s, false).addi(m);
    }

    static int[] normalize(String op, int rank, int[] axes) {
        if (axes == null || axes.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = Shapes.axis(op, axes[i], rank);
        }
        java.util.Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + out[i] + " given twice");
            }
        }
        return out;
    }

    static long[] keptShape(long[] in, int[] axes) {
        return keptShape(in, axes, true);
    }

    static long[] keptShape(long[] in, int[] axes, boolean keep) {
        long[] out = new long[in.length];
        int n = 0;
        for (int i = 0; i < in.length; i++) {
            boolean reduced = java.util.Arrays.binarySearch(axes, i) >= 0;
            if (!reduced) {
                out[n++] = in[i];
            } else if (keep) {
                out[n++] = 1;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
