package dev.ppl.dist;

import dev.ppl.autodiff.BlasReductions;
import dev.ppl.autodiff.SmallKernels;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import java.util.function.DoublePredicate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameter validation shared by the families. Every failure is an
 * {@link IllegalArgumentException} naming the family, the parameter, the first offending flat
 * index and its value, e.g. {@code Normal: parameter 'scale' must be > 0, but element 3 of
 * shape [5] is -0.5}. The fast path costs one or two reductions per parameter (BLAS where
 * possible, see {@link BlasReductions}).
 */
public final class ParamChecks {
    private ParamChecks() {}

    /** Every element finite. */
    public static void finite(String family, String param, Var v) {
        requireFloating(family, param, v);
        // one BLAS pass: the sum of |x| is finite iff every element is, unless finite values
        // overflow it, in which case the scan below finds nothing and the check passes
        double s = BlasReductions.sumAbs(v.value());
        if (!Double.isFinite(s)) {
            fail(family, param, v, "be finite", x -> !Double.isFinite(x));
        }
    }

    /** Every element finite and \(&gt; 0\). */
    public static void positive(String family, String param, Var v) {
        finite(family, param, v);
        if (!(min(v.value()) > 0)) {
            fail(family, param, v, "be > 0", x -> !(x > 0));
        }
    }

    /** Every element in \([0, 1]\). */
    public static void probability(String family, String param, Var v) {
        finite(family, param, v);
        INDArray a = v.value();
        boolean ok = a.length() == 1 ? a.getDouble(0) >= 0 && a.getDouble(0) <= 1
                : a.minNumber().doubleValue() >= 0 && a.maxNumber().doubleValue() <= 1;
        if (!ok) {
            fail(family, param, v, "lie in [0, 1]", x -> !(x >= 0 && x <= 1));
        }
    }

    /** Every element a non-negative integer. */
    public static void count(String family, String param, Var v) {
        finite(family, param, v);
        INDArray a = v.value();
        if (!(a.minNumber().doubleValue() >= 0) || a.sub(org.nd4j.linalg.ops.transforms.Transforms.floor(a, true))
                .maxNumber().doubleValue() != 0) {
            fail(family, param, v, "be a non-negative integer", x -> !(x >= 0 && x == Math.floor(x)));
        }
    }

    /** The smallest element; a one-element or small array is read in Java (a native reduction costs more). */
    private static double min(INDArray a) {
        if (a.length() == 1) {
            return a.getDouble(0);
        }
        return SmallKernels.readable(a) ? SmallKernels.min(a) : a.minNumber().doubleValue();
    }

    /** The common batch shape of parameters that must broadcast together and share a data type. */
    public static long[] broadcast(String family, Var first, Var... rest) {
        long[] shape = first.shape();
        for (Var v : rest) {
            if (v.dtype() != first.dtype()) {
                throw new IllegalArgumentException(family + ": parameters have different data types " + first.dtype()
                        + " and " + v.dtype() + "; cast them to one type");
            }
            shape = Shapes.broadcast(family, shape, v.shape());
        }
        return shape;
    }

    /** Floating-point parameters only. */
    public static void requireFloating(String family, String param, Var v) {
        if (!v.value().isR()) {
            throw new IllegalArgumentException(family + ": parameter '" + param + "' must be floating point, got "
                    + v.dtype() + Shapes.str(v.shape()));
        }
    }

    /**
     * Throws naming the first element for which {@code bad} holds; returns if there is none (the
     * fast check of {@link #finite} overflowed on finite values).
     */
    private static void fail(String family, String param, Var v, String rule, DoublePredicate bad) {
        INDArray flat = v.value().reshape(v.length());
        for (long i = 0; i < flat.length(); i++) {
            double x = flat.getDouble(i);
            if (bad.test(x)) {
                throw new IllegalArgumentException(family + ": parameter '" + param + "' must " + rule + ", but element "
                        + i + " of shape " + Shapes.str(v.shape()) + " is " + x);
            }
        }
    }
}
