package dev.ppl.core;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;

/**
 * What a generative function's body sees: the two effects of the modeling language. Each
 * operation of the Generative Function Interface (and each new interpretation, such as the
 * gradient estimators of ppl-vi) is a different implementation of this interface, a
 * <em>handler</em>; the body is written once and run under any of them.
 *
 * <p>Addresses are paths ({@code "z"}, {@code "x/3"}); within one execution each address is used
 * at most once.
 */
public interface GenContext {
    /**
     * A random choice at {@code address} from {@code dist}: sampled, constrained, replayed or
     * scored, depending on the handler. Returns the choice's value.
     */
    Var sample(String address, Distribution<Var> dist);

    /** Runs {@code fn} with its choices under the namespace {@code address}; returns its return value. */
    <A, R> R call(String address, GenerativeFunction<A, R> fn, A args);
}
