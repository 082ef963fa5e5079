package dev.ppl.vi.spark;

import java.io.Serializable;

/**
 * A running sum of per-partition estimates, the accumulator of {@code treeAggregate}: the
 * weighted gradient entries (in the parameters' precision), the weighted objective values, how many
 * minibatch records were seen and by how many partitions, and the partitions' computing times
 * (the longest and the sum, for {@link SparkStepTimings}). {@link #add} and {@link #merge} are
 * the aggregation's sequence and combine operations; they update this accumulator in place (as
 * Spark's aggregation allows) and return it.
 */
final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;
    float[] floatGrad;
    double[] doubleGrad;
    double value;
    long records;
    int partitions;
    double slowestTaskMillis;
    double allTasksMillis;

    /** Records that one partition's computation took {@code millis} milliseconds. */
    void timed(double millis) {
        slowestTaskMillis = Math.max(slowestTaskMillis, millis);
        allTasksMillis += millis;
    }

    /**
     * Adds one partition's contribution: gradient entries {@code gFloat} (float32 parameters,
     * summed in float32, so that half as many bytes travel back) or {@code gDouble} (float64),
     * value {@code v}, {@code n} records.
     */
    GradientSum add(float[] gFloat, double[] gDouble, double v, int n) {
        if (gFloat != null) {
            if (floatGrad == null) {
                floatGrad = gFloat.clone();
            } else {
                for (int i = 0; i < gFloat.length; i++) {
                    floatGrad[i] += gFloat[i];
                }
            }
        } else {
            if (doubleGrad == null) {
                doubleGrad = gDouble.clone();
            } else {
                for (int i = 0; i < gDouble.length; i++) {
                    doubleGrad[i] += gDouble[i];
                }
            }
        }
        value += v;
        records += n;
        partitions++;
        return this;
    }

    GradientSum merge(GradientSum other) {
        if (other.floatGrad != null) {
            if (floatGrad == null) {
                floatGrad = other.floatGrad;
            } else {
                for (int i = 0; i < floatGrad.length; i++) {
                    floatGrad[i] += other.floatGrad[i];
                }
            }
        }
        if (other.doubleGrad != null) {
            if (doubleGrad == null) {
                doubleGrad = other.doubleGrad;
            } else {
                for (int i = 0; i < doubleGrad.length; i++) {
                    doubleGrad[i] += other.doubleGrad[i];
                }
            }
        }
        value += other.value;
        records += other.records;
        partitions += other.partitions;
        slowestTaskMillis = Math.max(slowestTaskMillis, other.slowestTaskMillis);
        allTasksMillis += other.allTasksMillis;
        return this;
    }
}
