package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Triangular solves. For a lower-triangular \(L\) and \(z = L^{-1} b\) (forward substitution,
 * ND4J's native {@code triangular_solve}), the chain rule is
 * \[ \bar b = L^{-\top} \bar z, \qquad \bar L = -\operatorname{tril}(\bar b\, z^\top), \]
 * (the linear-solve rule of Giles 2008, "An extended collection of matrix derivative results
 * for forward and reverse mode algorithmic differentiation", restricted to the lower triangle
 * that the solve reads). Entries above the diagonal of \(L\) are ignored and receive gradient 0.
 */
public final class TriangularSolve {
    private TriangularSolve() {}

    /**
     * \(z = L^{-1} b\) for {@code l} of shape {@code [..., d, d]} (lower triangular; the upper
     * triangle is not read) and {@code b} of shape {@code [..., d, k]}. The batch axes (all but
     * the last two) broadcast; a batch of right-hand sides against a smaller batch of matrices
     * ({@code b}'s batch axes ending with {@code l}'s) is solved as one wide right-hand side per
     * matrix, without copying the matrices.
     */
    public static Var solveLower(Var l, Var b) {
        Checks.sameType("solveLower", l, b);
        Checks.floating("solveLower", l);
        long[] sl = l.shape(), sb = b.shape();
        int rl = sl.length, rb = sb.length;
        if (rl < 2 || rb < 2 || sl[rl - 1] != sl[rl - 2] || sb[rb - 2] != sl[rl - 1]) {
            throw new IllegalArgumentException("solveLower: matrix of shape " + Shapes.str(sl) + " and right-hand side "
                    + Shapes.str(sb) + " do not fit: need [..., d, d] and [..., d, k]");
        }
        long d = sl[rl - 1], k = sb[rb - 1];
        long[] lb = Arrays.copyOf(sl, rl - 2), bb = Arrays.copyOf(sb, rb - 2);
        if (Arrays.equals(lb, bb)) {
            return solveSameBatch(l, b);
        }
        int extra = bb.length - lb.length;
        if (extra > 0 && Arrays.equals(lb, Arrays.copyOfRange(bb, extra, bb.length))) {
            return solveFolded(l, b, extra);
        }
        long[] batch = Shapes.broadcast("solveLower", lb, bb);
        return solveSameBatch(l.broadcastTo(append(batch, d, d)), b.broadcastTo(append(batch, d, k)));
    }

    /**
     * {@code b} of shape {@code [E..., B..., d, k]} against {@code l} of shape {@code [B..., d, d]}:
     * the leading axes {@code E} move into the columns, {@code [B..., d, E*k]}, and back.
     */
    private static Var solveFolded(Var l, Var b, int extra) {
        long[] sb = b.shape();
        int r = sb.length;
        int[] perm = new int[r];
        int n = 0;
        for (int i = extra; i < r - 1; i++) {
            perm[n++] = i; // B..., d
        }
        for (int i = 0; i < extra; i++) {
            perm[n++] = i; // E...
        }
        perm[n] = r - 1; // k
        long cols = 1;
        for (int i = 0; i < extra; i++) {
            cols *= sb[i];
        }
        cols *= sb[r - 1];
        long[] moved = new long[r];
        for (int i = 0; i < r; i++) {
            moved[i] = sb[perm[i]];
        }
        long[] wide = Arrays.copyOf(moved, r - extra);
        wide[wide.length - 1] = cols;
        Var z = solveSameBatch(l, b.permute(perm).reshape(wide));
        int[] inverse = new int[r];
        for (int i = 0; i < r; i++) {
            inverse[perm[i]] = i;
        }
        return z.reshape(moved).permute(inverse);
    }

    private static Var solveSameBatch(Var l, Var b) {
        INDArray lv = contiguous(l.value()), bv = contiguous(b.value());
        INDArray z = solve(lv, bv, false);
        long d = lv.size(lv.rank() - 1);
        return Var.of("solveLower", z, g -> {
            INDArray gb = solve(lv, contiguous(g), true);
            INDArray gl = null;
            if (l.requiresGrad()) {
                gl = Nd4j.matmul(gb, z, false, true, false).muli(lowerMask(z.dataType(), d)).negi();
            }
            return new INDArray[] {gl, b.requiresGrad() ? gb : null};
        }, l, b);
    }

    /** \(L^{-1} b\), or \(L^{-\top} b\) when {@code transposed}, reading only the lower triangle. */
    private static INDArray solve(INDArray l, INDArray b, boolean transposed) {
        return Nd4j.exec(new org.nd4j.linalg.api.ops.custom.TriangularSolve(l, b, true, transposed))[0];
    }

    /** Ones on and below the diagonal of a {@code d x d} matrix, zeros above. */
    static INDArray lowerMask(org.nd4j.linalg.api.buffer.DataType dtype, long d) {
        double[][] m = new double[(int) d][(int) d];
        for (int i = 0; i < d; i++) {
            Arrays.fill(m[i], 0, i + 1, 1.0);
        }
        return Nd4j.createFromArray(m).castTo(dtype);
    }

    private static INDArray contiguous(INDArray a) {
        return a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    }

    private static long[] append(long[] batch, long rows, long cols) {
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = rows;
        out[batch.length + 1] = cols;
        return out;
    }
}
