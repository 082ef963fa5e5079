package dev.ppl.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The checks {@link DebugMode} runs; package-private plumbing for {@link Var} and {@link Grad}. */
final class FiniteCheck {
    private FiniteCheck() {}

    static void afterForward(Var v) {
        if (DebugMode.isEnabled()) {
            check(v.value(), "forward value of op '" + v.op() + "'", v);
        }
    }

    static void afterBackward(Var v, int parentIndex, INDArray grad) {
        if (DebugMode.isEnabled() && grad != null) {
            check(grad, "backward gradient of op '" + v.op() + "' for its input " + parentIndex, v);
        }
    }

    private static void check(INDArray a, String what, Var v) {
        if (a.isR() && (a.isNaN().any() || a.isInfinite().any())) {
            long bad = firstNonFinite(a);
            StringBuilder shapes = new StringBuilder();
            for (Var p : v.parents()) {
                shapes.append(shapes.length() == 0 ? "" : ", ").append(p.op()).append(Arrays.toString(p.shape()));
            }
            throw new NonFiniteValueException(what + " is not finite: element " + bad + " = "
                    + a.reshape(a.length()).getDouble(bad) + "; output shape " + Arrays.toString(v.shape())
                    + ", inputs [" + shapes + "]");
        }
    }

    private static long firstNonFinite(INDArray a) {
        INDArray flat = a.reshape(a.length());
        for (long i = 0; i < flat.length(); i++) {
            if (!Double.isFinite(flat.getDouble(i))) {
                return i;
            }
        }
        return -1;
    }
}
