package dev.ppl.examples.air;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How well inferred object counts match the true counts, the measure of "Attend, Infer, Repeat"
 * (Eslami et al. 2016, figure 3): the count accuracy
 * \(\frac{1}{n} \sum_{i=1}^{n} [\hat k_i = k_i]\) of inferred counts \(\hat k_i\) (the number of
 * present steps, \(\sum_t z^{\mathrm{pres}}_{i,t}\)) against true counts \(k_i\), and the
 * confusion matrix \(C_{a b} = \#\{i : k_i = a, \hat k_i = b\}\) over \(a, b \in \{0, \dots, K\}\),
 * \(K = \max(T, \max_i k_i)\) for \(T\) steps (so every count a model of \(T\) steps can infer has a
 * column, even one never inferred).
 *
 * <p>An immutable value; {@link #plus} pools two evaluations (minibatches of a held-out set).
 */
public final class CountAccuracy {
    private final long[][] confusion;

    private CountAccuracy(long[][] confusion) {
        this.confusion = confusion;
    }

    /**
     * The accuracy of {@code inferred} counts against {@code truth}, for a model of {@code steps}
     * steps.
     *
     * @throws IllegalArgumentException if the arrays are empty or of different lengths, a count is
     *     negative, or an inferred count exceeds {@code steps}
     */
    public static CountAccuracy of(int[] truth, int[] inferred, int steps) {
        if (truth.length == 0 || truth.length != inferred.length || steps < 0) {
            throw new IllegalArgumentException("CountAccuracy: need as many inferred as true counts, at least one, and "
                    + "steps >= 0; got " + truth.length + " true and " + inferred.length + " inferred counts, steps " + steps);
        }
        int max = steps;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || inferred[i] < 0 || inferred[i] > steps) {
                throw new IllegalArgumentException("CountAccuracy: image " + i + " has true count " + truth[i]
                        + " and inferred count " + inferred[i] + "; need true >= 0 and 0 <= inferred <= " + steps + " (the steps)");
            }
            max = Math.max(max, truth[i]);
        }
        long[][] c = new long[max + 1][max + 1];
        for (int i = 0; i < truth.length; i++) {
            c[truth[i]][inferred[i]]++;
        }
        return new CountAccuracy(c);
    }

    /**
     * The accuracy of the counts of present steps: {@code present[i][t]} says whether step \(t\) of
     * image \(i\) found an object; the inferred count of image \(i\) is {@link #presentSteps}, and
     * the number of steps \(T\) the common length of the rows.
     */
    public static CountAccuracy ofPresence(int[] truth, boolean[][] present) {
        int steps = present.length == 0 ? 0 : present[0].length;
        int[] inferred = new int[present.length];
        for (int i = 0; i < present.length; i++) {
            if (present[i].length != steps) {
                throw new IllegalArgumentException("CountAccuracy: image " + i + " has " + present[i].length
                        + " presence flags, image 0 has " + steps + "; every image needs one per step");
            }
            inferred[i] = presentSteps(present[i]);
        }
        return of(truth, inferred, steps);
    }

    /** {@link #ofPresence(int[], boolean[][])} of {@code zPres}, shape {@code [n, T]}, a step present where its value exceeds 0.5. */
    public static CountAccuracy ofPresence(int[] truth, INDArray zPres) {
        if (zPres.rank() != 2) {
            throw new IllegalArgumentException("CountAccuracy: need zPres of shape [n, T], got " + Arrays.toString(zPres.shape()));
        }
        int n = Math.toIntExact(zPres.size(0)), steps = Math.toIntExact(zPres.size(1));
        double[] v = zPres.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        boolean[][] present = new boolean[n][steps];
        for (int k = 0; k < v.length; k++) {
            present[k / steps][k % steps] = v[k] > 0.5;
        }
        return ofPresence(truth, present);
    }

    /** The number of present steps (AIR's steps stop at the first absent one, but every present step counts). */
    public static int presentSteps(boolean[] present) {
        int k = 0;
        for (boolean p : present) {
            k += p ? 1 : 0;
        }
        return k;
    }

    /** The largest count the matrix covers, \(K\). */
    public int maxCount() {
        return confusion.length - 1;
    }

    /** The number of images \(n\). */
    public long images() {
        long n = 0;
        for (long[] row : confusion) {
            n += Arrays.stream(row).sum();
        }
        return n;
    }

    /** The number of images whose inferred count equals the true count: the trace of the matrix. */
    public long correct() {
        long k = 0;
        for (int a = 0; a < confusion.length; a++) {
            k += confusion[a][a];
        }
        return k;
    }

    /** The count accuracy, {@code correct() / images()}, in \([0, 1]\). */
    public double accuracy() {
        return (double) correct() / images();
    }

    /** The accuracy among images of true count {@code trueCount}; NaN when there are none. */
    public double accuracy(int trueCount) {
        long row = trueCount < confusion.length ? Arrays.stream(confusion[trueCount]).sum() : 0;
        return row == 0 ? Double.NaN : (double) confusion[trueCount][trueCount] / row;
    }

    /** The number of images of true count {@code trueCount} inferred as {@code inferredCount} (0 beyond \(K\)). */
    public long confusion(int trueCount, int inferredCount) {
        if (trueCount < 0 || inferredCount < 0) {
            throw new IllegalArgumentException("CountAccuracy.confusion: counts must be non-negative, got ("
                    + trueCount + ", " + inferredCount + ")");
        }
        return trueCount < confusion.length && inferredCount < confusion.length ? confusion[trueCount][inferredCount] : 0;
    }

    /** The confusion matrix \(C\), rows the true counts and columns the inferred counts \(0..K\), a copy. */
    public long[][] confusionMatrix() {
        long[][] c = new long[confusion.length][];
        for (int a = 0; a < c.length; a++) {
            c[a] = confusion[a].clone();
        }
        return c;
    }

    /** The pooled evaluation of this one's images and {@code other}'s (the larger \(K\) of the two). */
    public CountAccuracy plus(CountAccuracy other) {
        long[][] c = new long[Math.max(confusion.length, other.confusion.length)][];
        for (int a = 0; a < c.length; a++) {
            c[a] = new long[c.length];
            for (int b = 0; b < c.length; b++) {
                c[a][b] = confusion(a, b) + other.confusion(a, b);
            }
        }
        return new CountAccuracy(c);
    }

    /**
     * The accuracy and the matrix as a table, rows the true counts with their accuracy, e.g.
     * <pre>
     * count accuracy 0.7500 (3 of 4 images)
     * true \ inferred      0      1      2   accuracy
     *               0      1      0      0     1.0000
     * </pre>
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "count accuracy %.4f (%d of %d images)\n", accuracy(), correct(), images()));
        s.append("true \\ inferred");
        for (int b = 0; b < confusion.length; b++) {
            s.append(String.format(" %6d", b));
        }
        s.append("   accuracy").append('\n');
        for (int a = 0; a < confusion.length; a++) {
            s.append(String.format("%15d", a));
            for (long x : confusion[a]) {
                s.append(String.format(" %6d", x));
            }
            double r = accuracy(a);
            s.append(Double.isNaN(r) ? "          -" : String.format(Locale.ROOT, "     %.4f", r)).append('\n');
        }
        return s.toString();
    }
}
