package dev.ppl.autodiff;

/**
 * A {@link Backward} rule that can also be applied to {@link Var}s, so that the gradients it
 * returns are themselves nodes of a graph and can be differentiated again
 * ({@link Grad#gradAsVars}: second- and higher-order reverse mode).
 *
 * <p>For an op \(y = f(x_1, \dots, x_n)\) and an upstream gradient \(\bar y\) (a {@code Var} that
 * may itself depend on parameters), {@link #apply(Var, Var, Var[])} returns
 * \(\bar x_i = \bar y \cdot \partial f/\partial x_i\) written with {@code Var} ops of \(\bar y\), the
 * inputs \(x_i\) and the output \(y\). Because those ops record their own graph, differentiating
 * \(\bar x_i\) with respect to a parameter \(\theta\) gives
 * \(\partial \bar x_i / \partial\theta = \partial\bar y/\partial\theta \cdot \partial f/\partial x_i
 * + \bar y \cdot \sum_j \partial^2 f/\partial x_i\,\partial x_j \cdot \partial x_j/\partial\theta\):
 * the second derivative comes from the chain rule applied to the rule itself, never from a
 * separately written formula. A rule must therefore express every dependence on \(x_i\) or \(y\)
 * through the {@code Var}s it is given (a captured array would be a constant, and its second
 * derivative silently zero); where \(\partial f/\partial x\) is piecewise constant (relu, abs,
 * clamp, a selection mask) a constant is exact.
 *
 * <p>The array form {@link #apply(org.nd4j.linalg.api.ndarray.INDArray)} stays the fast
 * first-order rule used by {@link Grad#grad}; the two forms must compute the same numbers. An op
 * is written as one anonymous class implementing both, so recording it costs the same single
 * rule object as a lambda would.
 */
public interface DifferentiableBackward extends Backward {
    /**
     * @param upstream \(\bar y\), of the output's shape
     * @param output the op's output node \(y\) (use it where the rule is written in terms of
     *     \(y\), e.g. \(\bar x = \bar y\, y\) for \(e^x\))
     * @param inputs the op's input nodes, in parent order (a fresh array the rule may keep)
     * @return one gradient per input, each of exactly that input's shape; entries may be
     *     {@code null} where no gradient flows
     */
    Var[] apply(Var upstream, Var output, Var[] inputs);

    /**
     * A differentiable rule that can also write first-order gradients in place
     * ({@link BackwardInto}), for ops on the {@link Grad#gradInto} fast path.
     */
    interface Into extends BackwardInto, DifferentiableBackward {}
}
