package dev.ppl.autodiff;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Backward} rule that can write a parent's gradient straight into a caller-provided
 * array, saving a copy when gradients are collected into a flat buffer
 * ({@link Grad#gradInto}). {@code outputs[i]}, when non-null, is an array of parent {@code i}'s
 * shape into which the rule may write (overwrite) that parent's gradient and return it; the rule
 * may also ignore it and return a fresh array. {@code outputs} itself may be null.
 */
@FunctionalInterface
public interface BackwardInto extends Backward {
    /** One gradient per parent; entry {@code i} may be {@code outputs[i]} itself, written in place. */
    INDArray[] apply(INDArray upstream, INDArray[] outputs);

    @Override
    default INDArray[] apply(INDArray upstream) {
        return apply(upstream, null);
    }

    /** {@code outputs[i]} if present, else null. */
    static INDArray output(INDArray[] outputs, int i) {
        return outputs == null ? null : outputs[i];
    }
}
