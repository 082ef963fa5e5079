package dev.ppl.vi;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.dist.Distribution;

/**
 * What an objective program sees: random choices (each estimated with its strategy), simulation
 * of generative functions whose choices are such random choices, exact densities, costs and
 * nested expectations. The program's return value (a scalar or one value per data point) is the
 * quantity whose expectation the {@link Expectation} estimates, plus every recorded cost.
 */
public interface ExpectationContext {
    /** A random choice at {@code address} (unique within a run) drawn with its strategy. */
    Var sample(String address, Distribution<Var> dist);

    /**
     * Runs a generative function (a dynamic function or plate) with its random choices handled
     * by strategies at their own addresses; returns its trace, whose score
     * \(\log q(\tau)\) is differentiable.
     */
    <A, R> Trace<A, R> simulate(GenerativeFunction<A, R> fn, A args);

    /** As {@link #simulate(GenerativeFunction, Object)} with the choices under {@code namespace}. */
    <A, R> Trace<A, R> simulate(String namespace, GenerativeFunction<A, R> fn, A args);

    /** The exact log density \(\log p(\tau; \text{args})\) of complete choices (differentiable). */
    default <A, R> Var density(GenerativeFunction<A, R> fn, ChoiceMap choices, A args) {
        return fn.assess(choices, args).logDensity();
    }

    /**
     * Adds {@code cost} to the program's value. A choice's score-function term multiplies only the
     * costs recorded after it (and the return value), which lowers variance without bias.
     */
    void addCost(Var cost);

    /** An unbiased estimate (a differentiable surrogate) of a nested expectation's value. */
    <B> Var expect(String address, Expectation<B> inner, B args);
}
