package dev.ppl.dist;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.custom.RandomGamma;
import org.nd4j.linalg.api.ops.random.custom.RandomPoisson;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable, splittable random key (in the style of JAX's PRNG keys). A key determines its
 * draws completely: the same key gives the same numbers, and independent streams come from
 * {@link #split}, never from reusing a key. Keys are derived with the SplitMix64 mixing function
 * (Steele, Lea and Flood 2014).
 *
 * <p>Tensor-sized draws run in ND4J's native generator, reseeded from the key for each draw (so
 * they are reproducible and thread-safe: ND4J keeps one generator per thread); no per-element
 * Java loops.
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private final long key;

    private Rng(long key) {
        this.key = key;
    }

    /** The key for {@code seed}. */
    public static Rng of(long seed) {
        return new Rng(mix(seed + GOLDEN));
    }

    /** Two independent keys derived from this one. */
    public Rng[] split() {
        return split(2);
    }

    /** {@code n} independent keys derived from this one. */
    public Rng[] split(int n) {
        Rng[] out = new Rng[n];
        for (int i = 0; i < n; i++) {
            out[i] = fold(i);
        }
        return out;
    }

    /** A key derived from this one and {@code data} (e.g. a hash of an address). */
    public Rng fold(long data) {
        return new Rng(mix(key ^ mix(data * GOLDEN + 0x632BE59BD9B4E019L)));
    }

    /** The 64-bit value of this key. */
    public long bits() {
        return key;
    }

    /** A uniform double in [0, 1) determined by the key. */
    public double uniformDouble() {
        return (mix(key ^ 0xD1B54A32D192ED03L) >>> 11) * 0x1.0p-53;
    }

    /** Standard normal draws of {@code shape}. */
    public INDArray normal(DataType dtype, long... shape) {
        INDArray out = Nd4j.createUninitialized(dtype, shape);
        Nd4j.getExecutioner().exec(new GaussianDistribution(out, 0.0, 1.0), generator());
        return out;
    }

    /**
     * Uniform draws on the open interval (0, 1) of {@code shape}: values are kept at least the
     * smallest positive normal number of {@code dtype} away from 0 and 1, so logarithms of
     * \(u\) and \(1-u\) stay finite.
     */
    public INDArray uniform(DataType dtype, long... shape) {
        INDArray out = Nd4j.createUninitialized(dtype, shape);
        Nd4j.getExecutioner().exec(new UniformDistribution(out, 0.0, 1.0), generator());
        double tiny = dtype == DataType.DOUBLE ? 1e-300 : 1e-30;
        double top = dtype == DataType.DOUBLE ? 1 - 0x1.0p-53 : 1 - 0x1.0p-24;
        return out.isEmpty() ? out : org.nd4j.linalg.ops.transforms.Transforms.min(
                org.nd4j.linalg.ops.transforms.Transforms.max(out, tiny, false), top, false);
    }

    /** Standard Gamma(\(\alpha\), rate 1) draws, one per element of {@code alpha}. */
    public INDArray gamma(INDArray alpha) {
        generator();
        INDArray draw = Nd4j.exec(new RandomGamma(Nd4j.createFromArray(1L), alpha, null))[0];
        return draw.reshape(alpha.shape()).castTo(alpha.dataType());
    }

    /** Poisson(\(\lambda\)) draws, one per element of {@code rate}, as values of {@code rate}'s type. */
    public INDArray poisson(INDArray rate) {
        generator();
        INDArray draw = Nd4j.exec(new RandomPoisson(Nd4j.createFromArray(1L), rate))[0];
        return draw.reshape(rate.shape()).castTo(rate.dataType());
    }

    private Random generator() {
        Random r = Nd4j.getRandom();
        r.setSeed(key);
        return r;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rng r && r.key == key;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(key);
    }

    @Override
    public String toString() {
        return "Rng(" + Long.toHexString(key) + ")";
    }

    static String shape(long[] s) {
        return Arrays.toString(s);
    }
}
