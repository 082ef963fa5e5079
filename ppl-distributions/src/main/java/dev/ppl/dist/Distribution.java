package dev.ppl.dist;

import dev.ppl.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A probability distribution over values of type {@code V} (tensors, as {@link Var}s, for every
 * family in this library), possibly a batch of independent distributions.
 *
 * <p>Shapes: a value has shape {@code batchShape ++ eventShape}; {@link #logDensity} returns one
 * log density per batch element (shape {@code batchShape}), summed over the event axes.
 * Parameters are {@link Var}s, so they may be network outputs, and they broadcast like the ops
 * of ppl-autodiff.
 *
 * <p>Capabilities beyond sampling and scoring are optional and advertised by
 * {@link #hasReparam()} and {@link #isEnumerable()}; calling an absent capability throws
 * {@link IllegalStateException} naming the family.
 */
public interface Distribution<V> {
    /** The family's name, used in messages ("Normal", "Bernoulli", ...). */
    String name();

    /** A draw, with no gradient path to the parameters (a constant). */
    V sample(Rng rng);

    /**
     * \(\log p_\theta(x)\) per batch element, differentiable with respect to the parameters and
     * to {@code value}. A value outside the support has log density \(-\infty\) (or, inside
     * {@link Validation#strict()}, an {@link IllegalArgumentException}).
     */
    Var logDensity(V value);

    /**
     * \(\sum \log p_\theta(x)\) over every batch element (rank 0): {@code logDensity(value).sum()}
     * up to rounding, which is the default. Traces score each choice with this method, so families
     * override it with a fused kernel where the total costs less than the per-element densities
     * (e.g. {@code Bernoulli} with logits, {@code Normal}). Wrappers must delegate it.
     */
    default Var logDensitySum(V value) {
        return logDensity(value).sum();
    }

    /** The shape of the batch of independent distributions. */
    long[] batchShape();

    /** The shape of one draw of one distribution in the batch ({@code []} for scalars). */
    long[] eventShape();

    /** Whether {@link #reparamSample} and {@link #reparam} are available. */
    default boolean hasReparam() {
        return false;
    }

    /**
     * A draw \(x = f_\theta(\varepsilon)\) that is a differentiable function of the parameters,
     * together with the parameter-free noise \(\varepsilon\) so that {@link #reparam} can replay it.
     */
    default ReparamSample<V> reparamSample(Rng rng) {
        throw new IllegalStateException(name() + " has no reparameterized sampler; use a score-function "
                + "(REINFORCE) or measure-valued estimator for it");
    }

    /** Replays a reparameterized draw: \(f_\theta(\varepsilon)\) for recorded noise \(\varepsilon\). */
    default V reparam(INDArray noise) {
        throw new IllegalStateException(name() + " has no reparameterized sampler");
    }

    /** Whether the support is finite and {@link #support} enumerates it. */
    default boolean isEnumerable() {
        return false;
    }

    /**
     * Every support value along a new leading axis: shape {@code [K] ++ batchShape ++ eventShape},
     * with entry {@code k} the {@code k}-th support value for every batch element.
     */
    default V support() {
        throw new IllegalStateException(name() + " has an infinite or continuous support and cannot be enumerated");
    }

    /** The mean, per batch element (shape {@code batchShape ++ eventShape}), where finite. */
    default V mean() {
        throw new IllegalStateException(name() + " has no finite mean");
    }

    /** The variance (elementwise), where finite. */
    default V variance() {
        throw new IllegalStateException(name() + " has no finite variance");
    }
}
