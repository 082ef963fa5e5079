package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import java.util.List;

/**
 * How the engine reads the dims of one random choice, for multi-shot rules. A value has shape
 * {@code batch ++ event}. Batch dims that a declared plate owns index independent
 * <em>elements</em>, each with its own continuation; every other dim (batch dims no plate owns,
 * event dims) is a <em>coordinate</em> of one joint value. Rules treat all elements at once and
 * the coordinates jointly: ENUM enumerates the product support, MVD couples one coordinate at a
 * time, since \(\partial_{\theta} E f(x) = \sum_i E_{x_{-i}}[\partial_\theta E_{x_i} f(x)]\).
 * Implemented by the engine.
 */
public interface ChoiceShape {
    /** The number of joint coordinates (1 for a choice that is scalar per element). */
    int coordinates();

    /**
     * A constant 0/1 tensor, in {@code like}'s data type, that broadcasts against the value and
     * selects coordinate {@code j} (in row-major order over the joint dims) of every element; all
     * ones for a choice with one coordinate.
     */
    Var mask(int j, Var like);

    /**
     * {@code x}, a tensor of the value's shape (or broadcastable to it), summed over the joint
     * coordinates: one entry per element, laid out to broadcast against the continuations'
     * surrogates.
     */
    Var perElementOfValue(Var x);

    /** As {@link #perElementOfValue} for a tensor of the batch shape (a log density). */
    Var perElementOfBatch(Var x);

    /**
     * Every joint value of an enumerable choice: the product of the coordinates' supports (all
     * elements taking the same combination), at most {@code cap} values.
     *
     * @throws IllegalArgumentException naming the address, the dims and the product size above
     *         {@code cap}
     */
    List<Var> jointSupport(Distribution<Var> dist, long cap);

    /**
     * Checks that a coordinate-wise rule needs at most {@code cap} coordinates.
     *
     * @throws IllegalArgumentException naming the rule, the address, the joint dims and the count
     */
    void requireCoordinatesAtMost(String rule, int cap);
}
