package dev.ppl.dist;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import java.util.function.DoublePredicate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameter validation shared by the families. Every failure is an
 * {@link IllegalArgumentException} naming the family, the parameter, the first offending flat
 * index and its value, e.g. {@code Normal: parameter 'scale' must be > 0, but element 3 of
 * shape [5] is -0.5}. The fast path costs one or two reductions per parameter (BLAS where
 * possible, see {@link Var#absSum}).
 *
 * <p>Every check first rejects a null parameter ({@code Normal: parameter 'loc' is null}), a
 * non-floating-point one, and (from {@link #finite} on) an <em>empty</em> one, with a dim of size 0
 * ({@code Normal: parameter 'loc' is empty (shape [2, 0]) ...}): a distribution has at least one
 * batch element, since sampling, moments and expansion of a batch of none are not defined here
 * (and ND4J rejects most operations on empty arrays). Values, by contrast, may be empty: see
 * {@link ValueChecks}. A family checks each parameter on its own first and then their joint
 * shape ({@link #broadcast(String, String, Var, String, Var)}), so the first error names the
 * first parameter that is wrong by itself.
 */
public final class ParamChecks {
    private ParamChecks() {}

    /** Every element finite, in a non-empty floating-point parameter. */
    public static void finite(String family, String param, Var v) {
        requireFloating(family, param, v);
        nonEmpty(family, param, v);
        // one BLAS pass: the sum of |x| is finite iff every element is, unless finite values
        // overflow it, in which case the scan below finds nothing and the check passes
        double s = v.absSum();
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
        return Var.constant(a).minValue();
    }

    /**
     * The common batch shape of two named parameters that must broadcast together and share a data
     * type.
     *
     * @throws IllegalArgumentException naming the family, both parameters and both shapes (or both
     *     data types), or a parameter that is null
     */
    public static long[] broadcast(String family, String name1, Var v1, String name2, Var v2) {
        return broadcastNamed(family, new String[] {name1, name2}, new Var[] {v1, v2});
    }

    /** As {@link #broadcast(String, String, Var, String, Var)}, for three parameters. */
    public static long[] broadcast(String family, String name1, Var v1, String name2, Var v2, String name3, Var v3) {
        return broadcastNamed(family, new String[] {name1, name2, name3}, new Var[] {v1, v2, v3});
    }

    private static long[] broadcastNamed(String family, String[] names, Var[] vs) {
        for (int i = 0; i < vs.length; i++) {
            notNull(family, names[i], vs[i]);
        }
        for (int i = 1; i < vs.length; i++) {
            if (vs[i].dtype() != vs[0].dtype()) {
                throw new IllegalArgumentException(family + ": parameter '" + names[0] + "' is " + vs[0].dtype()
                        + " but parameter '" + names[i] + "' is " + vs[i].dtype() + "; cast them to one type");
            }
        }
        long[][] shapes = new long[vs.length][];
        for (int i = 0; i < vs.length; i++) {
            shapes[i] = vs[i].shape();
        }
        return broadcastShapes(family, names, shapes);
    }

    /**
     * The NumPy broadcast of named shapes (right-aligned; each dim equal or 1).
     *
     * @throws IllegalArgumentException naming the family, every parameter with its shape and the
     *     first axis that does not broadcast, e.g. {@code Normal: parameters do not broadcast:
     *     'loc' of shape [2] and 'scale' of shape [3] (axis 0: 2 vs 3)}
     */
    public static long[] broadcastShapes(String family, String[] names, long[][] shapes) {
        long[] out = new long[0];
        for (long[] s : shapes) {
            int rank = Math.max(out.length, s.length);
            long[] next = new long[rank];
            for (int i = 0; i < rank; i++) {
                long a = i < rank - out.length ? 1 : out[i - (rank - out.length)];
                long b = i < rank - s.length ? 1 : s[i - (rank - s.length)];
                if (a != b && a != 1 && b != 1) {
                    StringBuilder m = new StringBuilder(family).append(": parameters do not broadcast: ");
                    for (int j = 0; j < shapes.length; j++) {
                        m.append(j == 0 ? "" : j == shapes.length - 1 ? " and " : ", ")
                                .append('\'').append(names[j]).append("' of shape ").append(Shapes.str(shapes[j]));
                    }
                    throw new IllegalArgumentException(m.append(" (axis ").append(i).append(" of the broadcast: ")
                            .append(a).append(" vs ").append(b).append(')').toString());
                }
                next[i] = a == 1 ? b : a;
            }
            out = next;
        }
        return out;
    }

    /**
     * The common batch shape of parameters that must broadcast together and share a data type
     * (unnamed: prefer {@link #broadcast(String, String, Var, String, Var)}, whose messages name
     * the parameters).
     */
    public static long[] broadcast(String family, Var first, Var... rest) {
        notNull(family, "#1", first);
        for (int i = 0; i < rest.length; i++) {
            notNull(family, "#" + (i + 2), rest[i]);
        }
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

    /**
     * A non-null parameter.
     *
     * @throws IllegalArgumentException {@code Normal: parameter 'loc' is null}
     */
    public static void notNull(String family, String param, Object v) {
        if (v == null) {
            throw new IllegalArgumentException(family + ": parameter '" + param + "' is null");
        }
    }

    /**
     * A parameter with at least one element (no dim of size 0).
     *
     * @throws IllegalArgumentException naming the family, the parameter and its shape
     */
    public static void nonEmpty(String family, String param, Var v) {
        notNull(family, param, v);
        if (v.length() == 0) {
            throw new IllegalArgumentException(family + ": parameter '" + param + "' is empty (shape "
                    + Shapes.str(v.shape()) + "); a distribution needs at least one batch element");
        }
    }

    /** Non-null floating-point parameters only. */
    public static void requireFloating(String family, String param, Var v) {
        notNull(family, param, v);
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
