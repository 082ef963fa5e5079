package dev.ppl.vi.train;

import dev.ppl.autodiff.nn.Params;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * The check that keeps one bad gradient estimate from corrupting the parameters: a step whose
 * objective value or gradient is not finite (NaN or infinite) is skipped, and the reason names
 * the value or the first parameter (in registration order) with a non-finite gradient.
 */
final class NonFiniteGuard {
    private NonFiniteGuard() {}

    /**
     * Why the step with objective {@code value} and gradient norm {@code norm} (of the gradient
     * buffer of {@code params}) must be skipped, or {@code null} if everything is finite.
     */
    static String reason(long step, double value, double norm, Params params) {
        if (Double.isFinite(value) && Double.isFinite(norm)) {
            return null;
        }
        String what = null;
        for (String name : params.names()) {
            INDArray g = params.grad(name);
            if (BooleanIndexing.or(g, Conditions.isNan()) || BooleanIndexing.or(g, Conditions.isInfinite())) {
                what = "non-finite gradient for parameter '" + name + "'";
                break;
            }
        }
        if (!Double.isFinite(value)) {
            String v = "non-finite objective value " + value;
            what = what == null ? v : v + " and " + what;
        }
        if (what == null) {
            return null;  // every entry is finite; the norm overflowed, which clipping handles
        }
        return "step " + step + ": " + what + "; update skipped";
    }
}
