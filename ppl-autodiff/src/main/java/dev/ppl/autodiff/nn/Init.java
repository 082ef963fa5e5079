package dev.ppl.autodiff.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parameter initialisers. For a weight of shape {@code [fanIn, fanOut]} (the convention of
 * {@link Linear}):
 * <ul>
 *   <li>Xavier/Glorot uniform: \(U(-a, a)\), \(a = \sqrt{6/(\text{fanIn}+\text{fanOut})}\)
 *       (Glorot and Bengio 2010);</li>
 *   <li>He/Kaiming normal: \(N(0, 2/\text{fanIn})\) (He et al. 2015), for ReLU layers.</li>
 * </ul>
 * Each parameter draws from its own generator seeded from the builder's seed and its name, so
 * values do not depend on registration order.
 */
@FunctionalInterface
public interface Init {
    /** Fills {@code target} in place using a generator seeded with {@code seed}. */
    void fill(INDArray target, long seed);

    /** All zeros. */
    static Init zeros() {
        return (t, s) -> t.assign(0);
    }

    /** All equal to {@code c}. */
    static Init constant(double c) {
        return (t, s) -> t.assign(c);
    }

    /** \(U(-\text{bound}, \text{bound})\) entries (e.g. PyTorch's recurrent-layer default, bound \(1/\sqrt{\text{hidden}}\)). */
    static Init uniform(double bound) {
        return (t, s) -> {
            Random r = Nd4j.getRandomFactory().getNewRandomInstance(s);
            Nd4j.getExecutioner().exec(new UniformDistribution(t, -bound, bound), r);
        };
    }

    /** \(N(0, \text{std}^2)\) entries. */
    static Init normal(double std) {
        return (t, s) -> gaussian(t, std, s);
    }

    /** Xavier/Glorot uniform for a {@code [fanIn, fanOut]} weight. */
    static Init xavierUniform() {
        return (t, s) -> uniform(Math.sqrt(6.0 / (fanIn(t) + fanOut(t)))).fill(t, s);
    }

    /** He/Kaiming normal for a {@code [fanIn, fanOut]} weight. */
    static Init heNormal() {
        return (t, s) -> gaussian(t, Math.sqrt(2.0 / fanIn(t)), s);
    }

    private static void gaussian(INDArray t, double std, long seed) {
        Random r = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        Nd4j.getExecutioner().exec(new GaussianDistribution(t, 0.0, std), r);
    }

    private static long fanIn(INDArray t) {
        return t.rank() >= 1 ? t.size(0) : 1;
    }

    private static long fanOut(INDArray t) {
        return t.rank() >= 2 ? t.size(1) : 1;
    }

    /** The generator seed of parameter {@code name} under builder seed {@code seed} (SplitMix64 mix). */
    static long seedFor(long seed, String name) {
        long z = seed + 0x9E3779B97F4A7C15L * (name.hashCode() + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
