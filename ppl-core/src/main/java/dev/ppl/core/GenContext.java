package dev.ppl.core;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import java.util.function.Supplier;

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

    /**
     * Runs {@code body} inside the plate {@code name} of {@code size} conditionally independent
     * elements (Pyro's {@code plate}): the plate owns one batch dim, counted from the right of
     * every batch shape ({@code -1} for the outermost plate, {@code -2} for one inside it, ...), and
     * every choice made in {@code body} must have {@code size} entries along it; dims of one value
     * belong in the event ({@code dist.toEvent(k)}). The log density of every choice inside is
     * multiplied by {@code scale} (data subsampling: \(N/m\) for a minibatch of \(m\) out of
     * \(N\)). Returns {@code body}'s value. Entering an active plate again (same name and size)
     * is the same plate.
     *
     * <p>Handlers that record or estimate override this; the default runs {@code body} as is, for
     * handlers to which plates mean nothing (e.g. one that evaluates a model at its means).
     */
    default <R> R plate(String name, long size, double scale, Supplier<R> body) {
        return body.get();
    }

    /** {@link #plate(String, long, double, Supplier)} with scale 1. */
    default <R> R plate(String name, long size, Supplier<R> body) {
        return plate(name, size, 1.0, body);
    }
}
