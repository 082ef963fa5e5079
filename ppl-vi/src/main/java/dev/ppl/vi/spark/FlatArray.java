package dev.ppl.vi.spark;

import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A flat parameter (or gradient) vector as plain Java data, for the wire: {@code float[]} for
 * float32 parameters, {@code double[]} for float64, so nothing ND4J-specific is serialized. The
 * array is owned by this value and never changed after construction.
 */
final class FlatArray implements Serializable {
    private static final long serialVersionUID = 1L;
    private final float[] floats;
    private final double[] doubles;

    private FlatArray(float[] floats, double[] doubles) {
        this.floats = floats;
        this.doubles = doubles;
    }

    /** A copy of the entries of {@code flat} (a vector), in its data type (float64 stays float64; others float32). */
    static FlatArray of(INDArray flat) {
        return flat.dataType() == DataType.DOUBLE ? new FlatArray(null, flat.toDoubleVector())
                : new FlatArray(flat.toFloatVector(), null);
    }

    long length() {
        return floats != null ? floats.length : doubles.length;
    }

    /** Writes the entries into {@code dest}, a vector of the same length. */
    void assignTo(INDArray dest) {
        if (dest.length() != length()) {
            throw new IllegalStateException("SparkGradients: the executor's replica has " + dest.length()
                    + " parameters but the driver's has " + length()
                    + "; the ReplicaFactory must build parameters of the same names and shapes in every JVM");
        }
        dest.assign(floats != null ? Nd4j.createFromArray(floats) : Nd4j.createFromArray(doubles));
    }
}
