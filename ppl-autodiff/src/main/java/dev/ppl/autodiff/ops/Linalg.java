package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.BackwardInto;
import dev.ppl.autodiff.DifferentiableBackward;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products. \(C = AB\) has \(\bar A = \bar C B^\top\) and \(\bar B = A^\top \bar C\); the
 * transposes are GEMM flags, never materialized copies. The rules are also differentiable
 * ({@link DifferentiableBackward}): the same products written with {@code matmul} and
 * {@code transpose} ops.
 */
public final class Linalg {
    private Linalg() {}

    /**
     * The matrix product over the last two axes, \(C_{\dots ij} = \sum_k A_{\dots ik} B_{\dots kj}\):
     * {@code [m,k] x [k,n]}, or batched {@code [..., m,k] x [..., k,n]} where the batch (leading)
     * axes broadcast like NumPy's {@code matmul}, e.g. {@code [5,1,3,4] x [2,4,6] -> [5,2,3,6]}. An
     * operand broadcast along a batch axis gets its gradient summed over that axis. A rank-2
     * right operand is shared by the whole batch without being copied.
     *
     * @throws IllegalArgumentException naming both shapes if an operand has rank below 2, the
     *     inner dimensions differ or the batch axes do not broadcast
     */
    public static Var matmul(Var a, Var b) {
        Checks.sameType("matmul", a, b);
        long[] sa = a.shape(), sb = b.shape();
        if (sa.length < 2 || sb.length < 2 || sa[sa.length - 1] != sb[sb.length - 2]) {
            throw mismatch(sa, sb, "inner dimensions must agree and both operands need rank >= 2");
        }
        if (sb.length == 2) {
            return sa.length == 2 ? matmul2d(a, b) : sharedRight(a, b);
        }
        long[] ba = Arrays.copyOf(sa, sa.length - 2), bb = Arrays.copyOf(sb, sb.length - 2);
        if (!Arrays.equals(ba, bb)) {
            return broadcastBatch(a, b, ba, bb);
        }
        INDArray x = a.value(), y = b.value();
        return Var.of("matmul", Nd4j.matmul(x, y, false, false, false), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {
                    a.requiresGrad() ? Nd4j.matmul(g, y, false, true, false) : null,
                    b.requiresGrad() ? Nd4j.matmul(x, g, true, false, false) : null};
            }
            @Override public Var[] apply(Var g, Var c, Var[] in) { return productRule(g, a, b); }
        }, a, b);
    }

    /** \(\bar A = \bar C B^\top\), \(\bar B = A^\top \bar C\) as {@code Var} ops (same batch axes). */
    private static Var[] productRule(Var g, Var a, Var b) {
        return new Var[] {
            a.requiresGrad() ? matmul(g, ShapeOps.transpose(b)) : null,
            b.requiresGrad() ? matmul(ShapeOps.transpose(a), g) : null};
    }

    private static Var matmul2d(Var a, Var b) {
        INDArray x = a.value(), y = b.value();
        DifferentiableBackward.Into rule = new DifferentiableBackward.Into() {
            @Override public INDArray[] apply(INDArray g, INDArray[] out) {
                return new INDArray[] {
                    a.requiresGrad() ? Kernels.matmul(g, y, false, true, BackwardInto.output(out, 0)) : null,
                    b.requiresGrad() ? Kernels.matmul(x, g, true, false, BackwardInto.output(out, 1)) : null};
            }
            @Override public Var[] apply(Var g, Var c, Var[] in) { return productRule(g, a, b); }
        };
        return Var.of("matmul", Kernels.matmul(x, y, false, false, null), rule, a, b);
    }

    /**
     * The affine map \(y = xW + b\) of a dense layer for {@code x [n, in]}, {@code W [in, out]},
     * {@code b [out]}: one GEMM and an in-place bias add forward; backward
     * \(\bar x = \bar y W^\top\), \(\bar W = x^\top \bar y\), \(\bar b = \mathbf 1^\top \bar y\), all GEMMs
     * (written straight into gradient buffers when {@link dev.ppl.autodiff.Grad#gradInto} asks); the
     * bias is added by a rank-one update and its gradient is a matrix-vector product with ones.
     */
    public static Var affine(Var x, Var w, Var b) {
        Checks.sameType("affine", x, w);
        Checks.sameType("affine", x, b);
        long[] sx = x.shape(), sw = w.shape(), sb = b.shape();
        if (sx.length != 2 || sw.length != 2 || sb.length != 1 || sx[1] != sw[0] || sb[0] != sw[1]) {
            throw new IllegalArgumentException("affine: shapes x" + Shapes.str(sx) + ", W" + Shapes.str(sw) + ", b"
                    + Shapes.str(sb) + " do not fit x[n, in] W[in, out] b[out]");
        }
        INDArray xv = x.value(), wv = w.value();
        INDArray y = Kernels.affine(xv, wv, b.value());
        DifferentiableBackward.Into rule = new DifferentiableBackward.Into() {
            @Override public INDArray[] apply(INDArray g, INDArray[] out) {
                return new INDArray[] {
                    x.requiresGrad() ? Kernels.matmul(g, wv, false, true, BackwardInto.output(out, 0)) : null,
                    w.requiresGrad() ? Kernels.matmul(xv, g, true, false, BackwardInto.output(out, 1)) : null,
                    b.requiresGrad() ? Kernels.columnSums(g, BackwardInto.output(out, 2)) : null};
            }
            @Override public Var[] apply(Var g, Var y, Var[] in) {
                Var[] xw = productRule(g, x, w);
                return new Var[] {xw[0], xw[1], b.requiresGrad() ? Reductions.sum(g, false, 0) : null};
            }
        };
        return Var.of("affine", y, rule, x, w, b);
    }

    /**
     * Batch axes {@code ba} and {@code bb} that differ: both operands broadcast to the common batch
     * shape ({@link ShapeOps#broadcastTo}, whose gradient sums back over the broadcast axes), then
     * multiplied batch by batch.
     */
    private static Var broadcastBatch(Var a, Var b, long[] ba, long[] bb) {
        long[] sa = a.shape(), sb = b.shape();
        long[] batch;
        try {
            batch = Shapes.broadcast("matmul", ba, bb);
        } catch (IllegalArgumentException e) {
            throw mismatch(sa, sb, "batch axes " + Shapes.str(ba) + " and " + Shapes.str(bb) + " do not broadcast");
        }
        return matmul(ShapeOps.broadcastTo(a, withMatrix(batch, sa)), ShapeOps.broadcastTo(b, withMatrix(batch, sb)));
    }

    /** {@code batch} followed by the last two axes of {@code shape}. */
    private static long[] withMatrix(long[] batch, long[] shape) {
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = shape[shape.length - 2];
        out[batch.length + 1] = shape[shape.length - 1];
        return out;
    }

    private static Var sharedRight(Var a, Var b) {
        long[] sa = a.shape();
        long rows = a.length() / sa[sa.length - 1];
        Var flat = ShapeOps.reshape(a, rows, sa[sa.length - 1]);
        long[] out = sa.clone();
        out[out.length - 1] = b.shape()[1];
        return ShapeOps.reshape(matmul2d(flat, b), out);
    }

    private static IllegalArgumentException mismatch(long[] sa, long[] sb, String why) {
        return new IllegalArgumentException("matmul: shapes " + Shapes.str(sa) + " and " + Shapes.str(sb)
                + " do not multiply: " + why);
    }
}
