package dev.ppl.dist;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Validation of the value passed to {@link Distribution#logDensity}, shared by the families (the
 * counterpart of {@link ParamChecks}). Every family's {@code logDensity} (and fused
 * {@code logDensitySum}) starts with {@link #logDensityShape}, so that a bad value gets the same
 * clear error everywhere:
 * <ul>
 *   <li>a null value: {@code Normal.logDensity: the value is null};</li>
 *   <li>a value whose shape does not broadcast against {@code batchShape ++ eventShape}:
 *       {@code Normal.logDensity: value of shape [3] does not fit batch shape [2] ++ event shape []
 *       (axis 0: 3 vs 2)}, naming both shapes;</li>
 *   <li>under {@link Validation#strict()}, a NaN or infinite element:
 *       {@link Support#requireFiniteIfStrict}.</li>
 * </ul>
 * An <em>empty</em> value (a dim of size 0 in the broadcast batch, e.g. a data set of no points)
 * is legitimate: its log density is the empty array of the broadcast batch shape, with no
 * gradient path, and its {@link Distribution#logDensitySum} is 0 ({@link #isEmpty},
 * {@link #emptyLogDensity}).
 */
public final class ValueChecks {
    private ValueChecks() {}

    /**
     * Validates {@code value} for a distribution with the given batch and event shapes and returns
     * the shape of its log density: the broadcast of the value's leading dims with
     * {@code batchShape}. The value's trailing dims must broadcast <em>to</em> {@code eventShape}
     * (they may not enlarge the event); families that need the whole event check that themselves.
     *
     * @throws IllegalArgumentException naming the family if the value is null, naming the family and
     *     both shapes if it does not fit, and (strict mode only) naming the family, the element and
     *     the value if an element is NaN or infinite
     */
    public static long[] logDensityShape(String family, Var value, long[] batchShape, long[] eventShape) {
        if (value == null) {
            throw new IllegalArgumentException(family + ".logDensity: the value is null");
        }
        long[] expected = Expansion.concat(batchShape, eventShape);
        long[] s = value.shape();
        int rank = Math.max(expected.length, s.length);
        long[] full = new long[rank];
        for (int i = 0; i < rank; i++) {
            long a = i < rank - s.length ? 1 : s[i - (rank - s.length)];
            long b = i < rank - expected.length ? 1 : expected[i - (rank - expected.length)];
            boolean inEvent = i >= rank - eventShape.length;
            if ((a != b && a != 1 && b != 1) || (inEvent && a != b && a != 1)) {
                throw new IllegalArgumentException(family + ".logDensity: value of shape " + Shapes.str(s)
                        + " does not fit batch shape " + Shapes.str(batchShape) + " ++ event shape "
                        + Shapes.str(eventShape) + " (axis " + i + " of the broadcast: " + a + " vs " + b
                        + (inEvent ? ", an event axis" : "") + ")");
            }
            full[i] = a == 1 ? b : a; // a dim of 0 against 1 broadcasts to 0
        }
        long[] shape = Arrays.copyOf(full, rank - eventShape.length);
        if (!isEmpty(shape)) {
            Support.requireFiniteIfStrict(family, value);
        }
        return shape;
    }

    /**
     * {@link #logDensityShape(String, Var, long[], long[])}, then a check that the value has the
     * parameters' data type {@code paramType} (a float32 value for float64 parameters, say).
     *
     * @throws IllegalArgumentException naming the family, the value's type and shape and the
     *     parameters' type if they differ
     */
    public static long[] logDensityShape(String family, Var value, long[] batchShape, long[] eventShape, DataType paramType) {
        long[] shape = logDensityShape(family, value, batchShape, eventShape); // a null or mis-shaped value first
        if (value.dtype() != paramType) {
            throw new IllegalArgumentException(family + ".logDensity: the value is " + value.dtype() + Shapes.str(value.shape())
                    + " but the parameters are " + paramType + "; cast the value with Var.cast(DataType." + paramType + ")");
        }
        return shape;
    }

    /** Whether a log density of {@code shape} has no elements (a dim of size 0). */
    public static boolean isEmpty(long[] shape) {
        for (long d : shape) {
            if (d == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The log density of an empty value: an empty array of {@code shape} and {@code dtype} (the
     * parameters' type), carrying the value's provenance, with no gradient path (the gradient of
     * a sum of no terms is zero).
     */
    public static Var emptyLogDensity(long[] shape, DataType dtype, Var value) {
        return Var.constant(Nd4j.create(dtype, shape)).withProvenance(value.provenance());
    }

    /** {@code logDensity.sum()}, or 0 (rank 0, the parameters' type) for an empty log density. */
    public static Var sum(Var logDensity) {
        if (logDensity.length() == 0) {
            return Var.scalar(0.0, logDensity.dtype()).withProvenance(logDensity.provenance());
        }
        return logDensity.sum();
    }
}
