package dev.ppl.autodiff.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ArrayScansTest {
    /** Binary data over several chunks, with the last chunk partial. */
    private static INDArray binary(DataType t) {
        return TestArrays.uniform(1, 0, 1, 7, 1500).gt(0.5).castTo(t);
    }

    @Test
    void binaryArraysPassInBothTypesAndAsDenseViews() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = binary(t);
            assertTrue(ArrayScans.allZeroOrOne(x), t + " binary");
            assertTrue(ArrayScans.allZeroOrOne(Nd4j.zeros(t, 3)), t + " zeros");
            assertTrue(ArrayScans.allZeroOrOne(Nd4j.ones(t, 3)), t + " ones");
            INDArray rows = x.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all());
            assertTrue(ArrayScans.scannable(rows), "a row range is dense");
            assertTrue(ArrayScans.allZeroOrOne(rows), t + " row range");
        }
    }

    @Test
    void everyKindOfNonBinaryValueFailsWhereverItIs() {
        double[] bad = {0.5, 2.0, -1.0, -0.0, 1.0 + 1e-7, 1e-30, Double.MIN_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.25, 3.0};
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (double v : bad) {
                for (long at : new long[] {0, 4095, 4096, 7 * 1500 - 1}) {
                    INDArray x = binary(t);
                    x.putScalar(at, v);
                    boolean representedAsBinary = t == DataType.FLOAT && ((float) v == 0.0f || (float) v == 1.0f)
                            && Float.floatToRawIntBits((float) v) != Float.floatToRawIntBits(-0.0f);
                    assertEquals(representedAsBinary, ArrayScans.allZeroOrOne(x), t + " with " + v + " at " + at);
                }
            }
        }
    }

    @Test
    void stridedIntegerAndHalfArraysAreNotScannable() {
        INDArray m = binary(DataType.FLOAT);
        INDArray cols = m.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 10));
        assertFalse(ArrayScans.scannable(cols), "column range");
        assertFalse(ArrayScans.scannable(m.transpose()), "transposed");
        assertFalse(ArrayScans.scannable(m.castTo(DataType.INT)), "integers");
        assertFalse(ArrayScans.scannable(m.castTo(DataType.HALF)), "float16");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArrayScans.allZeroOrOne(cols));
        assertTrue(e.getMessage().contains("FLOAT[7, 10]"), e.getMessage());
    }
}
