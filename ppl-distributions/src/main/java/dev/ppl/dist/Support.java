package dev.ppl.dist;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Restricting a log density to a support: where the value lies outside, the log density is
 * \(-\infty\) (no gradient flows there), or, under {@link Validation#strict()}, an exception
 * names the family, the index and the value. A NaN value is not a point outside the support but
 * a missing number: its log density is NaN (as the formula of a real-valued family gives), in every
 * family.
 */
public final class Support {
    private Support() {}

    /**
     * {@code logDensity} where {@code inSupport} (a boolean array of {@code logDensity}'s shape,
     * one entry per batch element) holds, \(-\infty\) elsewhere, and NaN where the value (an event
     * of it) holds a NaN. Compute {@code logDensity} from {@link #safe} values so that
     * out-of-support elements produce no NaN gradients. The result carries the value's
     * {@link dev.ppl.autodiff.Provenance} even where the value enters only through masks (a
     * categorical index), so dependency tracking sees that a log density depends on its value.
     * For families with scalar events; see {@link #restrict(String, Var, INDArray, Var, int)}.
     */
    public static Var restrict(String family, Var logDensity, INDArray inSupport, Var value) {
        return restrict(family, logDensity, inSupport, value, 0);
    }

    /**
     * As {@link #restrict(String, Var, INDArray, Var)}, for a family whose events have
     * {@code eventRank} axes: the log density of an event holding a NaN is NaN.
     *
     * @throws IllegalArgumentException under {@link Validation#strict()}, naming the family, the
     *     first element (scalar events) or batch element outside the support, and the value's shape
     */
    public static Var restrict(String family, Var logDensity, INDArray inSupport, Var value, int eventRank) {
        INDArray mask = inSupport.castTo(DataType.BOOL);
        if (mask.all()) {
            return logDensity.withProvenance(value.provenance());
        }
        if (Validation.isStrict()) {
            INDArray flatMask = mask.castTo(DataType.DOUBLE).reshape(mask.length());
            for (long i = 0; i < flatMask.length(); i++) {
                if (flatMask.getDouble(i) == 0) {
                    throw new IllegalArgumentException(outsideMessage(family, value, mask, i, eventRank));
                }
            }
        }
        // -inf outside, NaN where the value is NaN: (1 - nan) * -inf is -inf for 0 and NaN for 1
        INDArray nan = nanEvents(value.value(), eventRank, logDensity.shape());
        Var fill = nan == null ? Var.constant(Nd4j.scalar(logDensity.dtype(), Double.NEGATIVE_INFINITY))
                : Var.constant(nan.rsub(1.0).muli(Double.NEGATIVE_INFINITY).castTo(logDensity.dtype()));
        return Var.where(mask, logDensity, fill).withProvenance(value.provenance());
    }

    private static String outsideMessage(String family, Var value, INDArray mask, long i, int eventRank) {
        String shape = Shapes.str(value.shape());
        if (eventRank == 0 && value.length() == mask.length()) {
            return family + ": value of batch element " + i + " is " + value.value().reshape(value.length()).getDouble(i)
                    + " (a value of shape " + shape + "), outside the support";
        }
        return family + ": value of batch element " + i + " (an event of a value of shape " + shape
                + ", log density shape " + Shapes.str(mask.shape()) + ") is outside the support";
    }

    /**
     * A {@code double} 0/1 array of {@code shape}: 1 where the event of {@code value} broadcast to
     * that batch element holds a NaN; null if no element of {@code value} is NaN.
     */
    private static INDArray nanEvents(INDArray value, int eventRank, long[] shape) {
        if (!value.isR() || value.length() == 0 || !Double.isNaN(Var.constant(value).absSum())) {
            return null;
        }
        INDArray nan = value.isNaN().castTo(DataType.DOUBLE);
        if (eventRank > 0) {
            int r = Math.min(eventRank, nan.rank());
            if (r == nan.rank()) {
                nan = Nd4j.scalar(nan.maxNumber().doubleValue());
            } else if (r > 0) {
                int[] axes = new int[r];
                for (int a = 0; a < r; a++) {
                    axes[a] = nan.rank() - r + a;
                }
                nan = nan.max(axes);
            }
        }
        return Shapes.broadcastTo(nan, shape);
    }

    /**
     * The mask of \(lo &lt; x &lt; hi\) (false for NaN): with {@code hi} \(= \infty\), the
     * positive finite numbers, so that \(+\infty\) lies outside a support such as \((0, \infty)\).
     */
    public static INDArray openInterval(INDArray x, double lo, double hi) {
        return Transforms.and(x.gt(lo), x.lt(hi));
    }

    /**
     * {@code value} with out-of-support elements (where {@code inSupport}, of the value's shape, is
     * false) replaced by {@code fill}, a point inside the support: the density is then computed
     * on finite numbers and {@link #restrict} masks the result.
     */
    public static Var safe(Var value, INDArray inSupport, double fill) {
        INDArray mask = inSupport.castTo(DataType.BOOL);
        if (mask.all()) {
            return value;
        }
        return Var.where(mask, value, Var.constant(Nd4j.scalar(value.dtype(), fill)));
    }

    /**
     * Under {@link Validation#strict()}, throws if {@code value} holds a NaN or an infinite entry
     * (no family's support holds them: that of a real-valued family is the finite reals); by
     * default does nothing, and such a value's log density is NaN (for NaN) or \(-\infty\) (for
     * \(\pm\infty\)). {@link ValueChecks#logDensityShape} calls it for every family.
     *
     * @throws IllegalArgumentException naming the family, the index, the value and the value's shape
     */
    public static void requireFiniteIfStrict(String family, Var value) {
        if (!Validation.isStrict() || !value.value().isR() || value.length() == 0
                || Double.isFinite(value.absSum())) {
            return; // a finite sum of |x| means every element is finite (the scan below finds none otherwise)
        }
        INDArray flat = value.value().castTo(DataType.DOUBLE).reshape(value.length());
        for (long i = 0; i < flat.length(); i++) {
            double v = flat.getDouble(i);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(family + ": value element " + i + " of a value of shape "
                        + Shapes.str(value.shape()) + " is " + v + ", outside the support (values must be finite)");
            }
        }
    }
}
