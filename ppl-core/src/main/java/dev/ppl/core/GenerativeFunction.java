package dev.ppl.core;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import java.util.List;

/**
 * The Generative Function Interface (Cusumano-Towner et al., PLDI 2019): a stochastic function
 * \(f\) of arguments \(x\) with a joint density \(p(\tau; x)\) over its random choices \(\tau\) and
 * a return value determined by \(\tau\) and \(x\). Every operation is a different interpretation
 * of the same function; the internal proposal of {@code generate} and {@code update} is the
 * prior \(p\) itself.
 *
 * <p>Bad input is an error, never a silently wrong number: a given address the function never
 * visits (a mistyped observation would otherwise be ignored and change the weight) is an
 * {@link UnvisitedChoicesException} listing every such address, with the closest visited one;
 * a value of the wrong shape, a non-finite value under {@link dev.ppl.dist.Validation#strict()},
 * an address visited twice in one run, a null argument where a map, trace or selection is
 * expected, or a trace of another function is an {@link IllegalArgumentException} naming the
 * function, the operation, the address and the value or shape at fault.
 *
 * @param <A> the argument type
 * @param <R> the return type
 */
public interface GenerativeFunction<A, R> {
    /** The function's name, used in messages. */
    String name();

    /** Runs the function, sampling every choice: \(\tau \sim p(\cdot; x)\). */
    Trace<A, R> simulate(Rng rng, A args);

    /**
     * The log density \(\log p(\tau; x)\) of a complete choice map and the return value.
     *
     * @throws MissingChoicesException listing every missing address (and every given address
     *         the function does not visit, which is often the missing one mistyped)
     * @throws UnvisitedChoicesException if nothing is missing but a given address is not visited
     */
    Assessment<R> assess(ChoiceMap choices, A args);

    /**
     * A trace agreeing with {@code constraints}, the other choices sampled from the prior, and the
     * log weight \(\log p(\tau; x) - \log p(\tau_{\text{free}} \mid \tau_{\text{constrained}}; x)\):
     * the log density of the constrained choices given the earlier free ones. With every choice
     * constrained it equals the score; with none it is 0.
     *
     * @throws UnvisitedChoicesException listing every constraint at an address the function
     *         never visits (an ignored observation would change the weight)
     */
    Generated<A, R> generate(Rng rng, ChoiceMap constraints, A args);

    /**
     * A trace for new arguments: constrained choices take the constraint, other choices visited
     * before keep their value, new choices are sampled from the prior. The log weight is
     * \(\log p(\tau'; x') - \log p(\tau; x) - \log p(\tau'_{\text{fresh}}; x')\) and the discard holds
     * the overwritten and no-longer-visited values.
     *
     * @throws UnvisitedChoicesException listing every constraint at an address the new
     *         execution never visits
     * @throws IllegalArgumentException if {@code trace} is not a trace of this function
     */
    Updated<A, R> update(Rng rng, Trace<A, R> trace, ChoiceMap constraints, A newArgs);

    /**
     * A trace with the selected choices resampled from the prior and the others kept. The log
     * weight is \(\sum_{a \text{ kept}} [\log p'_a(\tau_a) - \log p_a(\tau_a)]\) (new choices and
     * removed choices contribute their proposal ratio, which is 1 under the prior proposal), the
     * Metropolis-Hastings log acceptance ratio of this move. The selection is a predicate, so a
     * selected address that no choice has selects nothing (as an address absent on this branch
     * of a model with stochastic structure must).
     *
     * @throws IllegalArgumentException if {@code trace} is not a trace of this function
     */
    Updated<A, R> regenerate(Rng rng, Trace<A, R> trace, Selection selection, A newArgs);

    /** The trainable parameters this function owns (e.g. its networks' weights); none by default. */
    default List<Var> params() {
        return List.of();
    }
}
