package dev.ppl.autodiff.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer's state: its kind (e.g. {@code "adam"}), the number of steps taken and its named
 * buffers (flat, one element per parameter). Buffers are copies; the record is immutable.
 */
public record OptimizerState(String kind, long step, Map<String, INDArray> buffers) {
    /** Copies {@code buffers}. */
    public OptimizerState {
        Map<String, INDArray> copy = new LinkedHashMap<>();
        buffers.forEach((k, v) -> copy.put(k, dev.ppl.autodiff.Arena.outside(v::dup)));
        buffers = Collections.unmodifiableMap(copy);
    }

    /** Checks that this state comes from an optimizer of {@code expectedKind}. */
    void requireKind(String expectedKind) {
        if (!kind.equals(expectedKind)) {
            throw new IllegalArgumentException("optimizer state is for '" + kind + "', not '" + expectedKind + "'");
        }
    }

    /** Checks that a state buffer matches the parameter count before it is used. */
    static void requireSize(String kind, INDArray buffer, long size) {
        if (buffer != null && buffer.length() != size) {
            throw new IllegalStateException(kind + ": optimizer state has " + buffer.length()
                    + " elements but the parameters have " + size + "; restore state saved for these parameters");
        }
    }
}
