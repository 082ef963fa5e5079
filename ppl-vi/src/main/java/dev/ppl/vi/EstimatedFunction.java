package dev.ppl.vi;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;

/**
 * A generative function whose density \(q(x)\) is intractable and only estimated, such as a
 * marginal \(q(x) = \int q(x, u)\,du\) ({@code dev.ppl.vi.approx.Marginal}). Inside an objective
 * its estimators run as sub-programs of the {@link ExpectationContext}, so their random choices
 * are ordinary choices of the objective, each with its gradient strategy:
 * <ul>
 *   <li>{@link ExpectationContext#simulate} returns a trace with choices \(x \sim q\) and score
 *       \(-\log \widehat{q^{-1}}(x)\), where \(E[\widehat{q^{-1}}(x) \mid x] = 1/q(x)\);</li>
 *   <li>{@link ExpectationContext#density} returns \(\log \hat q(x)\), where
 *       \(E[\hat q(x)] = q(x)\).</li>
 * </ul>
 * So \(\log p - \text{score}\) and \(\log \hat q\) are, by Jensen's inequality, a lower bound of
 * \(\log p - \log q\) and of \(\log q\) in expectation (Becker et al., PLDI 2024).
 */
public interface EstimatedFunction<A, R> extends GenerativeFunction<A, R> {
    /**
     * Draws \(x \sim q\) with the context's random choices under {@code namespace} (null: at their
     * own addresses); the trace's score is \(-\log \widehat{q^{-1}}(x)\), an unbiased estimate of
     * \(1/q(x)\) given \(x\) after negation and exponentiation.
     */
    Trace<A, R> simulate(ExpectationContext ctx, String namespace, A args);

    /**
     * \(\log \hat q(x)\) for the complete choices {@code choices} of \(x\), with \(E[\hat q(x)] = q(x)\),
     * the estimator's random choices under {@code namespace} (null: at the root).
     */
    Var logDensityEstimate(ExpectationContext ctx, String namespace, ChoiceMap choices, A args);
}
