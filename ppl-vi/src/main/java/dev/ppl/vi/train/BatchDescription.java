package dev.ppl.vi.train;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A short description of a batch for error messages: for a {@link Minibatch} or an array, its
 * shape and the first non-finite entry (index and value), the usual culprit when a step's
 * gradient is not finite; for anything else its {@code toString}, cut to 200 characters.
 */
final class BatchDescription {
    private BatchDescription() {}

    static String of(Object batch) {
        if (batch instanceof Minibatch m) {
            return "minibatch " + ofArray(m.rows()) + " with scale " + m.scale();
        }
        if (batch instanceof INDArray a) {
            return "array " + ofArray(a);
        }
        String s = String.valueOf(batch);
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static String ofArray(INDArray a) {
        String shape = Arrays.toString(a.shape());
        if (!a.dataType().isFPType() || a.isEmpty()) {
            return "of shape " + shape;
        }
        double[] v = a.reshape(a.length()).toDoubleVector();
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k])) {
                long[] index = new long[a.rank()];
                long rest = k;
                for (int d = a.rank() - 1; d >= 0; d--) {
                    index[d] = rest % a.size(d);
                    rest /= a.size(d);
                }
                return "of shape " + shape + " whose entry " + Arrays.toString(index) + " is " + v[k];
            }
        }
        return "of shape " + shape + " (all entries finite)";
    }
}
