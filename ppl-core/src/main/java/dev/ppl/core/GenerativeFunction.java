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
     * @throws IllegalArgumentException listing every missing address, or every given address
     *         the function does not visit
     */
    Assessment<R> assess(ChoiceMap choices, A args);

    /**
     * A trace agreeing with {@code constraints}, the other choices sampled from the prior, and the
     * log weight \(\log p(\tau; x) - \log p(\tau_{\text{free}} \mid \tau_{\text{constrained}}; x)\):
     * the log density of the constrained choices given the earlier free ones. With every choice
     * constrained it equals the score; with none it is 0. Unvisited constraints are an error.
     */
    Generated<A, R> generate(Rng rng, ChoiceMap constraints, A args);

    /**
     * A trace for new arguments: constrained choices take the constraint, other choices visited
     * before keep their value, new choices are sampled from the prior. The log weight is
     * \(\log p(\tau'; x') - \log p(\tau; x) - \log p(\tau'_{\text{fresh}}; x')\) and the discard holds
     * the overwritten and no-longer-visited values.
     */
    Updated<A, R> update(Rng rng, Trace<A, R> trace, ChoiceMap constraints, A newArgs);

    /**
     * A trace with the selected choices resampled from the prior and the others kept. The log
     * weight is \(\sum_{a \text{ kept}} [\log p'_a(\tau_a) - \log p_a(\tau_a)]\) (new choices and
     * removed choices contribute their proposal ratio, which is 1 under the prior proposal), the
     * Metropolis-Hastings log acceptance ratio of this move.
     */
    Updated<A, R> regenerate(Rng rng, Trace<A, R> trace, Selection selection, A newArgs);

    /** The trainable parameters this function owns (e.g. its networks' weights); none by default. */
    default List<Var> params() {
        return List.of();
    }
}
