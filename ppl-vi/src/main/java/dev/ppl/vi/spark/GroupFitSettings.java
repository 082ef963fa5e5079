package dev.ppl.vi.spark;

import java.io.Serializable;

/**
 * How {@link GroupFits} fits each group: {@code steps} Adam steps with learning rate
 * {@code learningRate} on the full group data; the fitted parameters are the mean of the last
 * {@code averageLast} iterates (Polyak-Ruppert averaging, which removes most of the jitter a
 * constant step size leaves; 1 = the last iterate); the reported bound is the mean of
 * {@code boundSamples} independent estimates at the fitted parameters, with its standard error
 * \(\hat\sigma/\sqrt{n}\). Group \(g\)'s randomness comes from {@code Rng.of(seed).fold(hash(g))}
 * only, so a group's fit does not depend on the partitioning or the order of groups.
 *
 * @param steps the Adam steps per group (at least 1)
 * @param learningRate Adam's learning rate (positive, finite)
 * @param averageLast how many of the last iterates to average (in [1, steps])
 * @param boundSamples estimates of the final bound (at least 2, for a standard error)
 * @param seed the seed of every group's keys
 */
public record GroupFitSettings(long steps, double learningRate, long averageLast, int boundSamples, long seed)
        implements Serializable {
    /** Checks the values, naming the first bad one. */
    public GroupFitSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("GroupFitSettings: steps must be at least 1, got " + steps);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("GroupFitSettings: learningRate must be positive and finite, got " + learningRate);
        }
        if (averageLast < 1 || averageLast > steps) {
            throw new IllegalArgumentException("GroupFitSettings: averageLast must be in [1, " + steps + "], got " + averageLast);
        }
        if (boundSamples < 2) {
            throw new IllegalArgumentException("GroupFitSettings: boundSamples must be at least 2, got " + boundSamples);
        }
    }
}
