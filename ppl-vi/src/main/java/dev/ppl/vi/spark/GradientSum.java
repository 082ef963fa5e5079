package dev.ppl.vi.spark;

import java.io.Serializable;

/**
 * A running sum of per-partition estimates, the accumulator of {@code treeAggregate}: the
 * weighted gradient entries (summed in float64), the weighted objective values, how many
 * minibatch records were seen and by how many partitions. {@link #add} and {@link #merge} are
 * the aggregation's sequence and combine operations; they update this accumulator in place (as
 * Spark's aggregation allows) and return it.
 */
final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;
    double[] grad;
    double value;
    long records;
    int partitions;

    /** Adds one partition's contribution: gradient entries {@code g}, value {@code v}, {@code n} records. */
    GradientSum add(float[] gFloat, double[] gDouble, double v, int n) {
        int length = gFloat != null ? gFloat.length : gDouble.length;
        if (grad == null) {
            grad = new double[length];
        }
        if (gFloat != null) {
            for (int i = 0; i < length; i++) {
                grad[i] += gFloat[i];
            }
        } else {
            for (int i = 0; i < length; i++) {
                grad[i] += gDouble[i];
            }
        }
        value += v;
        records += n;
        partitions++;
        return this;
    }

    GradientSum merge(GradientSum other) {
        if (other.grad != null) {
            if (grad == null) {
                grad = other.grad.clone();
            } else {
                for (int i = 0; i < grad.length; i++) {
                    grad[i] += other.grad[i];
                }
            }
        }
        value += other.value;
        records += other.records;
        partitions += other.partitions;
        return this;
    }
}
