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
     * to {@code value}. Bad values, the same way in every family of this library:
     * <ul>
     *   <li>a value outside the support, \(\pm\infty\) included, has log density \(-\infty\)
     *       (no gradient flows there);</li>
     *   <li>a NaN value (an event holding a NaN) has log density NaN: it propagates as in
     *       arithmetic rather than passing for an impossible value;</li>
     *   <li>inside {@link Validation#strict()}, both are an {@link IllegalArgumentException} naming
     *       the family, the element and the value;</li>
     *   <li>a null value, or one whose shape does not broadcast against
     *       {@code batchShape ++ eventShape}, is an {@link IllegalArgumentException} naming the
     *       family (and both shapes) in either mode ({@link ValueChecks});</li>
     *   <li>an empty value (a broadcast batch dim of size 0) has the empty log density of that
     *       shape, and {@link #logDensitySum} 0.</li>
     * </ul>
     */
    Var logDensity(V value);

    /**
     * \(\sum \log p_\theta(x)\) over every batch element (rank 0): {@code logDensity(value).sum()}
     * up to rounding (0 for an empty value), which is the default. Traces score each choice with this method, so families
     * override it with a fused kernel where the total costs less than the per-element densities
     * (e.g. {@code Bernoulli} with logits, {@code Normal}). Wrappers must delegate it.
     */
    default Var logDensitySum(V value) {
        return ValueChecks.sum(logDensity(value)); // 0 for an empty value
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

    /**
     * This distribution with its rightmost {@code k} batch dims moved into the event
     * ({@link Independent}): the coordinates along them become one value, whose log density is
     * their sum. Use it for dims that belong to one random choice (a latent vector, an image) as
     * opposed to independent data points, which a plate owns. {@code toEvent(0)} is this
     * distribution. For tensor-valued ({@code Var}) distributions, every family of this library.
     *
     * @throws IllegalArgumentException if {@code k} is negative or exceeds the batch rank
     */
    @SuppressWarnings("unchecked")
    default Distribution<V> toEvent(int k) {
        return (Distribution<V>) Independent.of((Distribution<Var>) this, k);
    }

    /**
     * This distribution with its log density counted only where {@code mask} is 1 (0 elsewhere;
     * {@link Masked}): for choices that do not exist for some batch elements. For tensor-valued
     * ({@code Var}) distributions.
     *
     * @throws IllegalArgumentException if the mask does not broadcast to the batch shape or holds
     *     values other than 0 and 1
     */
    @SuppressWarnings("unchecked")
    default Distribution<V> mask(INDArray mask) {
        return (Distribution<V>) Masked.of((Distribution<Var>) this, mask);
    }

    /**
     * This distribution with batch shape {@code batchShape}: the parameters broadcast (numpy rules,
     * right-aligned) to {@code batchShape} (++ the parameter's own event or category dims), so that
     * sampling draws one independent value per element of the new batch shape and log densities have
     * that batch shape. {@code batchShape} must be a broadcast of the current batch shape (same or
     * higher rank; each current dim equal or 1). With \(B\) the current and \(T\) the new batch
     * shape, element \(t \in T\) of the result is the distribution of batch element \(b(t)\), where
     * \(b(t)_i = t_{i + |T| - |B|}\) if \(B_i &gt; 1\) and 0 otherwise; the elements are independent.
     * Families return themselves when {@code batchShape} equals the current batch shape (compare
     * PyTorch's {@code Distribution.expand}).
     *
     * @throws IllegalArgumentException naming the family and both shapes if it is not
     * @throws UnsupportedOperationException for a family that does not implement it (none of this library's)
     */
    default Distribution<V> expand(long[] batchShape) {
        throw new UnsupportedOperationException(name() + " cannot be expanded");
    }
}
