package dev.ppl.vi;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;

/**
 * What turns an {@link Expectation} into its surrogate \(T\): a {@code Var} whose value is an
 * unbiased estimate of the objective and whose gradient is an unbiased estimate of its gradient.
 * The library's engine ({@code dev.ppl.vi.engine}) is the implementation, found once through
 * {@link java.util.ServiceLoader} (declared in {@code META-INF/services}), so that this package,
 * the API, does not depend on the engine's package, which implements it.
 */
public interface SurrogateBuilder {
    /** The surrogate of {@code e} at {@code args} with randomness from {@code rng}. */
    <A> Var surrogate(Expectation<A> e, Rng rng, A args);
}
