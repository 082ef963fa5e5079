package dev.ppl.core;

import dev.ppl.autodiff.Var;

/**
 * A record of one execution of a generative function: its arguments, every random choice it
 * made (addresses and values), its return value and its score
 * \(\log p(\tau; \text{args}) = \sum_{a} \log p_a(\tau_a)\), the log density of all choices
 * (a differentiable scalar {@link Var}). Traces are immutable.
 */
public interface Trace<A, R> {
    /** The function that produced this trace. */
    GenerativeFunction<A, R> function();

    /** The arguments of the execution. */
    A args();

    /** Every random choice, by address. */
    ChoiceMap choices();

    /** The return value. */
    R retval();

    /** \(\log p(\tau; \text{args})\), a scalar. */
    Var score();
}
