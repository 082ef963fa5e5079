package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;

/** Argument checks shared by ops; every message names the op and the shapes involved. */
final class Checks {
    private Checks() {}

    /** Same data type and broadcastable shapes; returns the broadcast shape. */
    static long[] binary(String op, Var a, Var b) {
        sameType(op, a, b);
        return Shapes.broadcast(op, a.value().shape(), b.value().shape());
    }

    /**
     * The NumPy broadcast of several operands' shapes (aligned from the right, each axis equal or
     * 1). Unlike pairwise {@link Shapes#broadcast} calls, the error names every operand's shape.
     *
     * @throws IllegalArgumentException naming {@code op}, all the shapes and the first axis on
     *     which two sizes above 1 differ
     */
    static long[] broadcast(String op, long[]... shapes) {
        int rank = 0;
        for (long[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        long[] out = new long[rank];
        java.util.Arrays.fill(out, 1);
        for (long[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                if (s[i] != 1 && out[o] != 1 && out[o] != s[i]) {
                    StringBuilder all = new StringBuilder();
                    for (long[] t : shapes) {
                        all.append(all.length() == 0 ? "" : ", ").append(Shapes.str(t));
                    }
                    throw new IllegalArgumentException(op + ": shapes " + all + " do not broadcast together (axis "
                            + o + " of the result: sizes " + out[o] + " and " + s[i] + "); broadcast or reshape them first");
                }
                out[o] = s[i] == 1 ? out[o] : s[i];
            }
        }
        return out;
    }

    static void sameType(String op, Var a, Var b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": data types differ: " + a.dtype() + Shapes.str(a.shape())
                    + " vs " + b.dtype() + Shapes.str(b.shape()) + "; cast one operand explicitly with Var.cast");
        }
    }

    static void floating(String op, Var a) {
        if (!a.value().isR()) {
            throw new IllegalArgumentException(op + ": needs a floating-point input, got " + a.dtype()
                    + Shapes.str(a.shape()) + "; cast it with Var.cast");
        }
    }
}
