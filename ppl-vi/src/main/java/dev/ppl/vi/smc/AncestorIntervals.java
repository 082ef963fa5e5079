package dev.ppl.vi.smc;

import dev.ppl.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * \(\log P(a)\) of each resampling scheme ({@link Ancestors}). Multinomial:
 * \(\sum_i \log W_{a_i} = \sum_j n_j \log W_j\) with the counts \(n_j\). Stratified and
 * systematic: the log length of the uniforms that yield \(a\). With \(C_{-1} = 0\) and
 * \(C_{K-1} = 1\) exactly (so it carries no gradient), particle \(i\) picks \(a_i\) iff its
 * uniform lies in \([\mathrm{lo}_i, \mathrm{hi}_i)\), \(\mathrm{lo}_i = K C_{a_i - 1} - i\),
 * \(\mathrm{hi}_i = K C_{a_i} - i\), clipped to \([0, 1)\): stratified sums the log lengths of
 * the \(K\) clipped intervals (independent uniforms), systematic takes the log length of their
 * intersection (one shared uniform). The partial sums are one product with a constant 0/1
 * matrix; the active ends (the clip or the extreme interval end) are chosen from the values, so
 * the gradient is that of the active piece.
 */
final class AncestorIntervals {
    private AncestorIntervals() {}

    static Var logProbability(Resampling scheme, Var logW, long[] a) {
        int k = a.length;
        DataType dt = logW.dtype();
        if (scheme == Resampling.MULTINOMIAL) {
            double[] counts = new double[k];
            for (long j : a) {
                counts[(int) j]++;
            }
            INDArray picked = Nd4j.createFromArray(counts).gt(0.0);
            return Var.where(picked, logW, Var.scalar(0.0, dt)).mul(constant(counts, dt)).sum();
        }
        double[][] below = new double[k][k];
        double[][] upTo = new double[k][k];
        double[] loShift = new double[k];
        double[] hiShift = new double[k];
        for (int i = 0; i < k; i++) {
            for (int m = 0; m < k; m++) {
                below[i][m] = m < a[i] ? k : 0;
                upTo[i][m] = m <= a[i] && a[i] < k - 1 ? k : 0;
            }
            loShift[i] = -i;
            hiShift[i] = (a[i] == k - 1 ? k : 0) - i;
        }
        Var w = logW.exp().reshape(k, 1);
        Var lo = constant(below, dt).matmul(w).reshape(k).add(constant(loShift, dt));
        Var hi = constant(upTo, dt).matmul(w).reshape(k).add(constant(hiShift, dt));
        double[] loV = lo.value().castTo(DataType.DOUBLE).toDoubleVector();
        double[] hiV = hi.value().castTo(DataType.DOUBLE).toDoubleVector();
        Var lower = Var.where(Nd4j.createFromArray(loV).gt(0.0), lo, Var.scalar(0.0, dt));
        Var upper = Var.where(Nd4j.createFromArray(hiV).lt(1.0), hi, Var.scalar(1.0, dt));
        if (scheme == Resampling.STRATIFIED) {
            Var len = upper.sub(lower);
            for (int i = 0; i < k; i++) {
                if (!(Math.min(hiV[i], 1) - Math.max(loV[i], 0) > 0)) {
                    return Var.scalar(Double.NEGATIVE_INFINITY, dt);
                }
            }
            return len.log().sum();
        }
        int top = 0;
        int bottom = 0;
        for (int i = 1; i < k; i++) {
            top = Math.max(loV[i], 0) > Math.max(loV[top], 0) ? i : top;
            bottom = Math.min(hiV[i], 1) < Math.min(hiV[bottom], 1) ? i : bottom;
        }
        if (!(Math.min(hiV[bottom], 1) - Math.max(loV[top], 0) > 0)) {
            return Var.scalar(Double.NEGATIVE_INFINITY, dt);
        }
        return pick(upper, bottom, k, dt).sub(pick(lower, top, k, dt)).log();
    }

    /** Entry {@code i} of a vector, as a scalar. */
    private static Var pick(Var v, int i, int k, DataType dt) {
        double[] e = new double[k];
        e[i] = 1;
        return v.mul(constant(e, dt)).sum();
    }

    private static Var constant(double[] v, DataType dt) {
        return Var.constant(Nd4j.createFromArray(v).castTo(dt));
    }

    private static Var constant(double[][] v, DataType dt) {
        return Var.constant(Nd4j.createFromArray(v).castTo(dt));
    }
}
