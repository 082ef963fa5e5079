package dev.ppl.autodiff;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The local chain rule of one op: given \(\bar{y} = \partial L / \partial y\) for the op's output
 * \(y = f(x_1, \dots, x_n)\), returns \(\bar{x}_i = \bar{y} \cdot \partial f / \partial x_i\) for each
 * parent, each of exactly that parent's shape (or {@code null} where no gradient flows).
 *
 * <p>Rules must not modify {@code upstream}; they may return it (or a view of it) unchanged.
 */
@FunctionalInterface
public interface Backward {
    /**
     * @param upstream the gradient of the objective with respect to this op's output
     * @return one gradient per parent, in parent order; entries may be {@code null}
     */
    INDArray[] apply(INDArray upstream);
}
