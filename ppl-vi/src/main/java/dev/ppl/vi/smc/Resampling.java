package dev.ppl.vi.smc;

import java.util.Arrays;

/**
 * A resampling scheme: given normalized weights \(W_1, \dots, W_K\) (\(\sum_k W_k = 1\)) and
 * uniforms \(u \in [0, 1)\), \(K\) ancestor indices \(a_1, \dots, a_K\) with
 * \(E[\#\{i : a_i = k\}] = K W_k\) (so a resampled, equally weighted particle set estimates the
 * same expectations unbiasedly). With the cumulative weights \(C_k = \sum_{j \le k} W_j\), every
 * scheme sets \(a_i = \min\{k : C_k > v_i\}\) for points \(v_i\):
 * <ul>
 *   <li>{@link #MULTINOMIAL}: \(v_i = u_i\), \(K\) independent uniforms;</li>
 *   <li>{@link #STRATIFIED}: \(v_i = (i + u_i)/K\), one uniform per stratum (Kitagawa 1996);</li>
 *   <li>{@link #SYSTEMATIC}: \(v_i = (i + u)/K\), one shared uniform (Carpenter et al. 1999).</li>
 * </ul>
 * Stratified and systematic resampling have lower variance than multinomial (Douc et al. 2005).
 * The schemes are deterministic functions of the uniforms, which the caller draws from its key,
 * so the same key gives the same ancestors.
 */
public enum Resampling {
    /** \(K\) independent draws from \(\mathrm{Categorical}(W)\). */
    MULTINOMIAL {
        @Override
        public int uniformsNeeded(int k) {
            return k;
        }

        @Override
        double point(int i, int k, double[] u) {
            return u[i];
        }
    },
    /** One uniform per stratum \([i/K, (i+1)/K)\). */
    STRATIFIED {
        @Override
        public int uniformsNeeded(int k) {
            return k;
        }

        @Override
        double point(int i, int k, double[] u) {
            return (i + u[i]) / k;
        }
    },
    /** One uniform shared by the \(K\) evenly spaced points. */
    SYSTEMATIC {
        @Override
        public int uniformsNeeded(int k) {
            return 1;
        }

        @Override
        double point(int i, int k, double[] u) {
            return (i + u[0]) / k;
        }
    };

    /** How many uniforms {@link #ancestors} needs for {@code k} particles. */
    public abstract int uniformsNeeded(int k);

    /** The point \(v_i\) of particle {@code i}. */
    abstract double point(int i, int k, double[] u);

    /**
     * The ancestor indices \(a_i = \min\{k : C_k > v_i\}\) for normalized {@code weights}.
     *
     * @throws IllegalArgumentException if the weights are empty, negative, non-finite or do not
     *         sum to 1 (within 1e-6), or if the number of uniforms is not {@link #uniformsNeeded}
     */
    public int[] ancestors(double[] weights, double[] uniforms) {
        int k = weights.length;
        if (k == 0 || uniforms.length != uniformsNeeded(k)) {
            throw new IllegalArgumentException(name() + " resampling of " + k + " particles needs "
                    + (k == 0 ? "at least one weight" : uniformsNeeded(k) + " uniforms, got " + uniforms.length));
        }
        double[] cdf = new double[k];
        double total = 0;
        for (int j = 0; j < k; j++) {
            if (!(weights[j] >= 0) || Double.isInfinite(weights[j])) {
                throw new IllegalArgumentException(name() + " resampling: weight " + j + " is " + weights[j]
                        + "; weights must be finite and >= 0 (all weights: " + Arrays.toString(weights) + ")");
            }
            total += weights[j];
            cdf[j] = total;
        }
        if (Math.abs(total - 1.0) > 1e-6) {
            throw new IllegalArgumentException(name() + " resampling: the weights sum to " + total + ", not 1; normalize them");
        }
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            int j = Arrays.binarySearch(cdf, point(i, k, uniforms));
            j = j >= 0 ? j + 1 : -j - 1; // first index with cdf > v
            out[i] = Math.min(j, k - 1);   // v at or above a rounded total of 1
        }
        return out;
    }
}
