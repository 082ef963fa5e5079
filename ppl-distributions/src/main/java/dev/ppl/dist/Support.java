package dev.ppl.dist;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Restricting a log density to a support: where the value lies outside, the log density is
 * \(-\infty\) (no gradient flows there), or, under {@link Validation#strict()}, an exception
 * names the family, the index and the value.
 */
public final class Support {
    private Support() {}

    /**
     * {@code logDensity} where {@code inSupport} (a boolean array of {@code logDensity}'s shape,
     * one entry per batch element) holds, and \(-\infty\) elsewhere. Compute {@code logDensity}
     * from {@link #safe} values so that out-of-support elements produce no NaN gradients. The
     * result carries the value's {@link dev.ppl.autodiff.Provenance} even where the value enters
     * only through masks (a categorical index), so dependency tracking sees that a log density
     * depends on its value.
     */
    public static Var restrict(String family, Var logDensity, INDArray inSupport, Var value) {
        INDArray mask = inSupport.castTo(DataType.BOOL);
        if (mask.all()) {
            return logDensity.withProvenance(value.provenance());
        }
        if (Validation.isStrict()) {
            INDArray flatMask = mask.castTo(DataType.DOUBLE).reshape(mask.length());
            for (long i = 0; i < flatMask.length(); i++) {
                if (flatMask.getDouble(i) == 0) {
                    boolean scalarEvents = value.length() == mask.length();
                    String v = scalarEvents ? Double.toString(value.value().reshape(value.length()).getDouble(i))
                            : "(event of a value of shape " + Shapes.str(value.shape()) + ")";
                    throw new IllegalArgumentException(family + ": value of batch element " + i + " is " + v
                            + ", outside the support");
                }
            }
        }
        Var ninf = Var.constant(Nd4j.scalar(logDensity.dtype(), Double.NEGATIVE_INFINITY));
        return Var.where(mask, logDensity, ninf).withProvenance(value.provenance());
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
     * (the support of a real-valued family is the finite reals); by default does nothing, and such
     * a value's log density is NaN (for NaN) or \(-\infty\) (for \(\pm\infty\)) as the formula gives.
     *
     * @throws IllegalArgumentException naming the family, the index and the value
     */
    public static void requireFiniteIfStrict(String family, Var value) {
        if (!Validation.isStrict()) {
            return;
        }
        INDArray flat = value.value().castTo(DataType.DOUBLE).reshape(value.length());
        for (long i = 0; i < flat.length(); i++) {
            double v = flat.getDouble(i);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(family + ": value element " + i + " of a value of shape "
                        + Shapes.str(value.shape()) + " is " + v + ", outside the support (the finite reals)");
            }
        }
    }
}
