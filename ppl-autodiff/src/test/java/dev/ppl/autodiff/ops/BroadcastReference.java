package dev.ppl.autodiff.ops;

import java.util.function.ToDoubleFunction;

/**
 * NumPy broadcasting written out in plain Java (index loops, no ND4J): the reference that the
 * broadcasting tests compare the ops against. Shapes align from the right; an operand's axis of
 * size 1, or an axis it lacks, is read at index 0 for every output index along it.
 */
final class BroadcastReference {
    private BroadcastReference() {}

    /** The common shape of {@code shapes}, or {@code null} when some axis has two sizes both above 1. */
    static int[] shape(int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        int[] out = new int[rank];
        java.util.Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                if (s[i] != 1) {
                    if (out[o] != 1 && out[o] != s[i]) {
                        return null;
                    }
                    out[o] = s[i];
                }
            }
        }
        return out;
    }

    /** The number of elements of {@code shape} (1 for rank 0). */
    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The C-order multi-index of flat index {@code flat} in {@code shape}. */
    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }

    /** The C-order flat index, in an operand of shape {@code s}, of the element that output index {@code idx} reads. */
    static int source(int[] idx, int[] s) {
        int flat = 0;
        for (int i = 0; i < s.length; i++) {
            int o = idx.length - s.length + i;
            flat = flat * s[i] + (s[i] == 1 ? 0 : idx[o]);
        }
        return flat;
    }

    /**
     * \(y_j = f(x^{(0)}_{s_0(j)}, \dots, x^{(n-1)}_{s_{n-1}(j)})\) over the flat indices \(j\) of
     * {@code out}, where \(s_k(j)\) is the element of operand \(k\) that \(j\) reads.
     */
    static double[] apply(ToDoubleFunction<double[]> f, int[] out, int[][] shapes, double[][] values) {
        double[] y = new double[size(out)];
        double[] args = new double[shapes.length];
        for (int j = 0; j < y.length; j++) {
            int[] idx = unravel(j, out);
            for (int k = 0; k < shapes.length; k++) {
                args[k] = values[k][source(idx, shapes[k])];
            }
            y[j] = f.applyAsDouble(args);
        }
        return y;
    }
}
