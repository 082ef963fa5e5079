package dev.ppl.vi;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.core.Trace;
import dev.ppl.dist.Distribution;
import java.util.function.Supplier;

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

    /**
     * Runs a generative function with the choices of {@code constraints} fixed to their values and
     * its other choices drawn as random choices of the objective (under {@code namespace}, or at
     * their own addresses if it is null), like {@link GenerativeFunction#generate} with the
     * internal proposal: the weight is \(\sum_{a \in \text{constrained}} \log p_a(\tau_a \mid
     * \tau_{<a})\), the log density of the constrained choices given the earlier ones
     * (differentiable). Functions whose density is only estimated ({@link EstimatedFunction})
     * cannot be constrained.
     *
     * @throws IllegalArgumentException naming every constrained address the function never visits
     */
    <A, R> Generated<A, R> generate(String namespace, GenerativeFunction<A, R> fn, ChoiceMap constraints, A args);

    /**
     * The log density \(\log p(\tau; \text{args})\) of complete choices (differentiable): exact for
     * an ordinary generative function; for an {@link EstimatedFunction} the log of an unbiased
     * estimate of it, whose random choices are made at their addresses below the root.
     */
    default <A, R> Var density(GenerativeFunction<A, R> fn, ChoiceMap choices, A args) {
        return density(null, fn, choices, args);
    }

    /**
     * As {@link #density(GenerativeFunction, ChoiceMap, Object)}, with the random choices of an
     * {@link EstimatedFunction}'s estimator under {@code namespace} (null: at the root), so that
     * several estimates in one program use distinct addresses.
     */
    default <A, R> Var density(String namespace, GenerativeFunction<A, R> fn, ChoiceMap choices, A args) {
        if (fn instanceof EstimatedFunction<A, R> estimated) {
            return estimated.logDensityEstimate(this, namespace, choices, args);
        }
        return fn.assess(choices, args).logDensity();
    }

    /**
     * Runs {@code body} inside the plate {@code name} of {@code size} conditionally independent
     * elements, which owns one batch dim counted from the right (see
     * {@link dev.ppl.core.GenContext#plate}); a plate of the same name and size that a simulated
     * function enters inside it is the same plate. Costs added in the body have one entry per
     * element on that dim; choices made in it have one per element. Returns {@code body}'s value.
     */
    <R> R plate(String name, long size, Supplier<R> body);

    /**
     * Adds {@code cost} to the program's value, in the plates active here: its shape has each
     * active plate's size on that plate's dim (enumeration dims allowed to their left) and 1
     * everywhere else; a cost outside every plate is a scalar. A choice's score term multiplies
     * only the costs recorded after it (and the return value), each summed over the cost's plates
     * that the choice is not in: a cost of one plate element multiplies only that element's terms.
     *
     * @throws IllegalArgumentException naming the shape and the dim that matches no plate
     */
    void addCost(Var cost);

    /** An unbiased estimate (a differentiable surrogate) of a nested expectation's value. */
    <B> Var expect(String address, Expectation<B> inner, B args);
}
