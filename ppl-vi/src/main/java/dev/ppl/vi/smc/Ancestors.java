package dev.ppl.vi.smc;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Validation;
import dev.ppl.dist.ValueChecks;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The law of the \(K\) ancestor indices \(a = (a_1, \dots, a_K) \in \{0..K-1\}^K\) that a
 * {@link Resampling} scheme draws from particles with log weights \(\ell_1, \dots, \ell_K\), as a
 * distribution (one joint choice with event shape \([K]\)), so that an SMC sweep's resampling is
 * an ordinary random choice of an objective program and its gradient is the choice's strategy:
 * {@code SAMPLE_ONLY} for the standard (biased) FIVO gradient, REINFORCE for the unbiased one
 * (see {@link Fivo}).
 *
 * <p>With normalized weights \(W_j = e^{\ell_j} / \sum_i e^{\ell_i}\), cumulative weights
 * \(C_j = \sum_{i \le j} W_i\) (\(C_{-1} = 0\), \(C_{K-1} = 1\)) and the scheme's points \(v_i\)
 * ({@link Resampling}), \(a_i = j \iff C_{j-1} \le v_i < C_j\), so
 * <ul>
 *   <li>multinomial (\(v_i = u_i\)): \(P(a) = \prod_i W_{a_i}\);</li>
 *   <li>stratified (\(v_i = (i + u_i)/K\)): \(P(a) = \prod_i \big|[K C_{a_i - 1} - i,\; K C_{a_i} - i) \cap [0, 1)\big|\);</li>
 *   <li>systematic (\(v_i = (i + u)/K\), one \(u\)): \(P(a) = \big|\bigcap_i [K C_{a_i - 1} - i,\; K C_{a_i} - i) \cap [0, 1)\big|\),
 *       the length of the set of \(u\) that yields \(a\);</li>
 * </ul>
 * each a continuous, piecewise-smooth function of the log weights, differentiable where no
 * interval end ties (almost everywhere); {@link #logDensity} returns \(\log P(a)\) with that
 * gradient. {@link #sample} draws the scheme's uniforms from the key and returns
 * {@link Resampling#ancestors} (indices as numbers of the log weights' type). Not vectorized:
 * only the batch shape \([]\). Immutable.
 */
public final class Ancestors implements Distribution<Var> {
    private final Resampling scheme;
    private final Var logWeights;
    private final int k;

    private Ancestors(Resampling scheme, Var logWeights) {
        this.scheme = scheme;
        this.logWeights = logWeights;
        this.k = (int) logWeights.length();
    }

    /**
     * The ancestors that {@code scheme} draws for particles of (unnormalized) log weights
     * {@code logWeights}, a vector of \(K \ge 1\) entries.
     *
     * @throws IllegalArgumentException if the log weights are not a non-empty vector, hold a NaN,
     *     or are all \(-\infty\)
     */
    public static Ancestors of(Resampling scheme, Var logWeights) {
        if (scheme == null || logWeights == null) {
            throw new IllegalArgumentException("Ancestors.of: the scheme and the log weights are required, got "
                    + scheme + " and " + logWeights);
        }
        if (logWeights.rank() != 1 || logWeights.length() < 1) {
            throw new IllegalArgumentException("Ancestors.of: the log weights must be a vector of K >= 1 particles, got shape "
                    + Shapes.str(logWeights.shape()));
        }
        double[] l = logWeights.value().castTo(DataType.DOUBLE).toDoubleVector();
        double max = Arrays.stream(l).max().orElse(Double.NaN);
        if (Arrays.stream(l).anyMatch(Double::isNaN) || max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("Ancestors.of (" + scheme + "): log weights " + Arrays.toString(l)
                    + " hold a NaN or are all -Infinity; no particle can be resampled");
        }
        return new Ancestors(scheme, logWeights);
    }

    /** The scheme. */
    public Resampling scheme() { return scheme; }

    /** The number of particles \(K\). */
    public int particles() { return k; }

    /** The normalized weights \(W\) as numbers. */
    public double[] normalizedWeights() {
        return Sweep.normalizedFromLogs(logWeights.value().castTo(DataType.DOUBLE).toDoubleVector());
    }

    @Override
    public String name() {
        return "Ancestors(" + scheme + ")";
    }

    @Override
    public Var sample(Rng rng) {
        double[] u = rng.uniform(DataType.DOUBLE, scheme.uniformsNeeded(k)).toDoubleVector();
        int[] a = scheme.ancestors(normalizedWeights(), u);
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = a[i];
        }
        return Var.constant(Nd4j.createFromArray(out).castTo(logWeights.dtype()));
    }

    /**
     * \(\log P(a)\) (a scalar), differentiable in the log weights; \(-\infty\) for indices outside
     * \(\{0..K-1\}\) or a vector the scheme cannot produce, NaN for a NaN index.
     *
     * @throws IllegalArgumentException if the value is not a vector of \(K\) indices, or (under
     *     {@link Validation#strict()}) an index is outside \(\{0..K-1\}\)
     */
    @Override
    public Var logDensity(Var value) {
        long[] shape = ValueChecks.logDensityShape(name(), value, batchShape(), eventShape());
        if (shape.length != 0 || value.rank() != 1) {
            throw new IllegalArgumentException(name() + ".logDensity: SMC ancestors are one vector of " + k
                    + " indices, got a value of shape " + Shapes.str(value.shape()) + " (not vectorized)");
        }
        double[] v = value.value().castTo(DataType.DOUBLE).toDoubleVector();
        long[] a = new long[k];
        for (int i = 0; i < k; i++) {
            if (Double.isNaN(v[i])) {
                return Var.scalar(Double.NaN, logWeights.dtype()).withProvenance(value.provenance());
            }
            if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] >= k) {
                if (Validation.isStrict()) {
                    throw new IllegalArgumentException(name() + ": ancestor " + i + " is " + v[i] + ", not an index in 0.." + (k - 1));
                }
                return Var.scalar(Double.NEGATIVE_INFINITY, logWeights.dtype()).withProvenance(value.provenance());
            }
            a[i] = (long) v[i];
        }
        Var logW = logWeights.logSoftmax(0);
        Var lp = AncestorIntervals.logProbability(scheme, logW, a);
        return lp.withProvenance(value.provenance().union(lp.provenance()));
    }

    @Override
    public long[] batchShape() {
        return new long[0];
    }

    @Override
    public long[] eventShape() {
        return new long[] {k};
    }

    /** Itself for the batch shape {@code []}; SMC sweeps are not vectorized. */
    @Override
    public Distribution<Var> expand(long[] batchShape) {
        if (batchShape.length == 0) {
            return this;
        }
        throw new UnsupportedOperationException(name() + " cannot be expanded to batch shape " + Shapes.str(batchShape)
                + ": SMC sweeps loop over their particles and are not vectorized; use Expectation.particlesInSequence");
    }
}
