package dev.ppl.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact array assertions for tests. {@code INDArray.equals} compares with a tolerance of about
 * \(10^{-5}\) and treats an infinity as equal to any number, so {@code assertEquals} on arrays
 * cannot tell \(-\infty\) from 0; these compare shapes, data types and every element exactly
 * (with \(+0 = -0\) and NaN equal to NaN).
 */
public final class ExactArrays {
    private ExactArrays() {}

    /** Same shape, data type and elements. */
    public static void assertExact(INDArray expected, INDArray actual) {
        assertExact(expected, actual, "");
    }

    /** Same shape, data type and elements, with {@code message} on failure. */
    public static void assertExact(INDArray expected, INDArray actual, String message) {
        assertArrayEquals(expected.shape(), actual.shape(), message + " (shape)");
        assertEquals(expected.dataType(), actual.dataType(), message + " (data type)");
        assertArrayEquals(values(expected), values(actual), 0.0, message);
    }

    /** Same shape and data type but some element differs. */
    public static void assertDiffers(INDArray a, INDArray b) {
        assertArrayEquals(a.shape(), b.shape(), "shape");
        assertFalse(Arrays.equals(values(a), values(b)), "arrays are identical");
    }

    private static double[] values(INDArray a) {
        return a.length() == 0 ? new double[0] : a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }
}
