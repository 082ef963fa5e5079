package dev.ppl.dist;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;

/**
 * Helpers shared by the families' {@link Distribution#expand} implementations: validating a
 * target batch shape and broadcasting a parameter to it.
 *
 * <p>A target \(T\) is a valid expansion of the current batch shape \(B\) when
 * \(|T| \ge |B|\) and, aligning the shapes on the right, every \(B_i\) equals \(T_i\) or is 1
 * (the NumPy rule, in one direction: \(B\) broadcasts to \(T\)). A parameter of shape
 * \(P\) broadcasts to \(T \mathbin{+\!\!+} E\) for the family's trailing (event or category) dims
 * \(E\); its gradient is summed back to \(P\) by {@link Var#broadcastTo}.
 */
public final class Expansion {
    private Expansion() {}

    /**
     * Validates {@code target} as an expansion of {@code current} and says whether they are equal
     * (so that the family returns itself).
     *
     * @throws IllegalArgumentException naming {@code family} and both shapes if {@code target} is
     *     not a broadcast of {@code current} (lower rank, a dim that is neither equal nor from 1, or
     *     a negative or zero dim: empty batches are rejected, see {@link ParamChecks})
     */
    public static boolean isSame(String family, long[] current, long[] target) {
        if (target == null) {
            throw new IllegalArgumentException(family + ".expand: the target batch shape is null");
        }
        if (java.util.Arrays.equals(current, target)) {
            return true;
        }
        int offset = target.length - current.length;
        String problem = null;
        if (offset < 0) {
            problem = "the target has a lower rank";
        } else {
            for (int i = 0; i < target.length && problem == null; i++) {
                if (target[i] < 0) {
                    problem = "dim " + i + " of the target is negative";
                } else if (target[i] == 0) {
                    problem = "dim " + i + " of the target is 0 (a distribution needs at least one batch element)";
                } else if (i >= offset && current[i - offset] != 1 && current[i - offset] != target[i]) {
                    problem = "dim " + i + " of the target is " + target[i] + " but the batch has "
                            + current[i - offset] + " there (need equal or 1)";
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException(family + ".expand: cannot expand batch shape " + Shapes.str(current)
                    + " to " + Shapes.str(target) + ": " + problem);
        }
        return false;
    }

    /** {@code batchShape ++ trailing}. */
    public static long[] concat(long[] batchShape, long... trailing) {
        long[] out = java.util.Arrays.copyOf(batchShape, batchShape.length + trailing.length);
        System.arraycopy(trailing, 0, out, batchShape.length, trailing.length);
        return out;
    }

    /**
     * {@code param} broadcast (right-aligned) to {@code batchShape ++ trailing}; differentiable,
     * the gradient summed back to the parameter's own shape. {@code param} itself if it already
     * has that shape.
     */
    public static Var param(Var param, long[] batchShape, long... trailing) {
        return param.broadcastTo(concat(batchShape, trailing));
    }
}
