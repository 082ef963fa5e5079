package dev.ppl.vi.predictive;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-site summaries of draws \(v^{(1)}, \dots, v^{(N)}\) stacked along a leading sample dim (as
 * {@link Predictive#sample} returns them, shape {@code [N, ...site shape]}), computed elementwise
 * over that dim in float64, plain Java. Each result is a fresh float64 array of the site's shape:
 * <ul>
 *   <li>{@link #mean}: \(\bar v = \frac1N \sum_s v^{(s)}\);</li>
 *   <li>{@link #std}: the sample standard deviation
 *       \(\sqrt{\frac{1}{N-1} \sum_s (v^{(s)} - \bar v)^2}\) (two-pass; needs \(N \ge 2\));</li>
 *   <li>{@link #quantile}: the \(q\)-quantile by linear interpolation between order statistics
 *       (Hyndman and Fan 1996, type 7; numpy's and R's default): with the sorted draws
 *       \(v_{(0)} \le \dots \le v_{(N-1)}\), \(h = (N - 1)q\),
 *       \(Q(q) = v_{(\lfloor h \rfloor)} + (h - \lfloor h \rfloor)(v_{(\lfloor h \rfloor + 1)} - v_{(\lfloor h \rfloor)})\).</li>
 * </ul>
 * Non-finite draws propagate to the mean and standard deviation; quantiles sort NaN above
 * \(+\infty\). Each call costs one pass (quantiles: a sort per element, \(O(N \log N)\)). Immutable.
 */
public final class PredictiveSummary {
    private final ChoiceMap draws;
    private final long n;

    private PredictiveSummary(ChoiceMap draws, long n) {
        this.draws = draws;
        this.n = n;
    }

    /**
     * Summaries of {@code draws}.
     *
     * @throws IllegalArgumentException if the map is empty, holds a scalar, or its leading dims
     *         differ (naming every address and shape)
     */
    public static PredictiveSummary of(ChoiceMap draws) {
        PosteriorSamples checked = PosteriorSamples.of(draws, "PredictiveSummary: the draws");
        return new PredictiveSummary(draws, checked.count());
    }

    /** The number of draws \(N\). */
    public long sampleCount() {
        return n;
    }

    /** The summarized sites, in address order. */
    public List<Address> addresses() {
        return draws.addresses();
    }

    /** The mean over the sample dim, of the site's shape. */
    public INDArray mean(String address) {
        double[][] cols = columns(address);
        double[] out = new double[cols.length];
        for (int j = 0; j < cols.length; j++) {
            out[j] = mean(cols[j]);
        }
        return shaped(address, out);
    }

    /**
     * The sample standard deviation (denominator \(N - 1\)) over the sample dim.
     *
     * @throws IllegalStateException if \(N &lt; 2\)
     */
    public INDArray std(String address) {
        if (n < 2) {
            throw new IllegalStateException("PredictiveSummary: the standard deviation at '" + address + "' needs N >= 2 draws, "
                    + "got " + n);
        }
        double[][] cols = columns(address);
        double[] out = new double[cols.length];
        for (int j = 0; j < cols.length; j++) {
            double m = mean(cols[j]), ss = 0;
            for (double v : cols[j]) {
                ss += (v - m) * (v - m);
            }
            out[j] = Math.sqrt(ss / (n - 1));
        }
        return shaped(address, out);
    }

    /**
     * The \(q\)-quantile over the sample dim (type 7, see the class comment).
     *
     * @throws IllegalArgumentException if \(q \notin [0, 1]\)
     */
    public INDArray quantile(String address, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("PredictiveSummary: quantile at '" + address + "' needs q in [0, 1], got " + q);
        }
        double[][] cols = columns(address);
        double[] out = new double[cols.length];
        for (int j = 0; j < cols.length; j++) {
            double[] sorted = cols[j];
            Arrays.sort(sorted);
            double h = (n - 1) * q;
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, sorted.length - 1);
            out[j] = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }
        return shaped(address, out);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** The draws at {@code address} as one array of \(N\) per site element (fresh copies). */
    private double[][] columns(String address) {
        INDArray v = draws.get(address).value();
        int m = (int) (v.length() / n);
        double[] flat = v.castTo(DataType.DOUBLE).reshape('c', new long[] {v.length()}).toDoubleVector();
        double[][] cols = new double[m][(int) n];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < m; j++) {
                cols[j][s] = flat[s * m + j];
            }
        }
        return cols;
    }

    private INDArray shaped(String address, double[] values) {
        long[] shape = draws.get(address).shape();
        long[] site = Arrays.copyOfRange(shape, 1, shape.length);
        return site.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.createFromArray(values).reshape('c', site);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("PredictiveSummary{N=").append(n);
        for (Map.Entry<Address, Var> e : draws) {
            b.append(", ").append(e.getKey()).append(' ').append(Shapes.str(e.getValue().shape()));
        }
        return b.append('}').toString();
    }
}
