package dev.ppl.dist;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * An immutable, splittable random key (in the style of JAX's PRNG keys). A key determines its
 * draws completely: the same key gives the same numbers, and independent streams come from
 * {@link #split}, never from reusing a key. Keys are derived with the SplitMix64 mixing function
 * (Steele, Lea and Flood 2014).
 *
 * <p>Tensor-sized draws run in ND4J's native generator, reseeded from the key for each draw (so
 * they are reproducible and thread-safe: ND4J keeps one generator per thread); no per-element
 * Java loops. Serializable (a key is one {@code long}), so keys can travel to other machines,
 * e.g. Spark executors.
 */
public final class Rng implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
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
        return out.isEmpty() ? out : Transforms.min(Transforms.max(out, tiny, false), top, false);
    }

    /**
     * Standard Gamma(\(\alpha\), rate 1) draws, one per element of {@code alpha}, by the
     * Marsaglia-Tsang method (ACM TOMS 2000) vectorized over the array: candidates
     * \(d(1 + cz)^3\), \(d = \alpha - 1/3\), \(c = 1/\sqrt{9d}\), accepted where
     * \(\log u &lt; z^2/2 + d - dv + d\log v\); rejected elements are redrawn (acceptance is above
     * 95%, so a few rounds suffice). For \(\alpha &lt; 1\) it draws Gamma(\(\alpha + 1\)) and
     * multiplies by \(u^{1/\alpha}\). Computed in float64. (ND4J's {@code random_gamma} ignores
     * reseeding, so it is not used.)
     */
    public INDArray gamma(INDArray alpha) {
        INDArray a = alpha.castTo(DataType.DOUBLE);
        long[] shape = a.shape();
        INDArray small = a.lt(1.0).castTo(DataType.DOUBLE);
        INDArray d = a.add(small).subi(1.0 / 3);
        INDArray c = Transforms.pow(d.mul(9.0), -0.5, false);
        INDArray result = Nd4j.zeros(DataType.DOUBLE, shape);
        INDArray pending = Nd4j.ones(DataType.DOUBLE, shape);
        Rng[] keys = split(3);
        for (int round = 0; pending.sumNumber().doubleValue() > 0; round++) {
            if (round == 1000) {
                throw new IllegalStateException("Rng.gamma: rejection sampling did not finish; alpha range ["
                        + a.minNumber() + ", " + a.maxNumber() + "]");
            }
            Rng[] r = keys[0].fold(round).split();
            INDArray z = r[0].normal(DataType.DOUBLE, shape);
            INDArray logU = Transforms.log(r[1].uniform(DataType.DOUBLE, shape), false);
            INDArray v = Transforms.pow(z.mul(c).addi(1.0), 3, false);
            INDArray positive = v.gt(0.0).castTo(DataType.DOUBLE);
            INDArray safeV = Transforms.max(v, 1e-300, true);
            INDArray bound = z.mul(z).muli(0.5).addi(d).subi(d.mul(safeV)).addi(d.mul(Transforms.log(safeV, true)));
            INDArray accept = logU.lt(bound).castTo(DataType.DOUBLE).muli(positive).muli(pending);
            result.addi(accept.mul(d).muli(safeV));
            pending.subi(accept);
        }
        INDArray u = keys[1].uniform(DataType.DOUBLE, shape);
        INDArray boost = Transforms.pow(u, Transforms.pow(a, -1.0, true), false);
        result.muli(boost.muli(small).addi(small.rsub(1.0)));
        return result.castTo(alpha.dataType());
    }

    /**
     * Poisson(\(\lambda\)) draws, one per element of {@code rate}, as values of {@code rate}'s type.
     *
     * <p>Exact inversion of the CDF in tensor ops: \(x = \#\{k \ge 0 : F(k) &lt; u\}\) with
     * \(p_k = \exp(-\lambda + k\log\lambda - \log k!)\) accumulated in float64, for
     * \(k \le \max\lambda + 12\sqrt{\max\lambda} + 20\) (the remaining tail mass is below
     * \(10^{-30}\)); the loop stops early once every element is placed. Cost: \(O(\max\lambda)\)
     * tensor ops. (ND4J's own {@code random_poisson} reuses one uniform stream across the
     * elements of a rate array, which makes the draws dependent, so it is not used.)
     */
    public INDArray poisson(INDArray rate) {
        INDArray lam = rate.castTo(DataType.DOUBLE);
        INDArray u = uniform(DataType.DOUBLE, rate.shape());
        INDArray logLam = Transforms.log(lam, true);
        INDArray cdf = Transforms.exp(lam.neg(), false);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, rate.shape());
        double max = lam.length() == 0 ? 0 : lam.maxNumber().doubleValue();
        int kmax = (int) Math.ceil(max + 12 * Math.sqrt(max) + 20);
        double logFactorial = 0;
        for (int k = 1; k <= kmax; k++) {
            INDArray above = u.gt(cdf);
            if (k % 8 == 1 && !above.any()) {
                break;
            }
            x.addi(above.castTo(DataType.DOUBLE));
            logFactorial += Math.log(k);
            cdf.addi(Transforms.exp(logLam.mul(k).subi(lam).subi(logFactorial), false));
        }
        return x.castTo(rate.dataType());
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
