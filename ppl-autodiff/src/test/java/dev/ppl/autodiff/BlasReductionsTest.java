package dev.ppl.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BlasReductionsTest {
    private static void assertAllThree(INDArray x, String what) {
        // summation order differs: agreement to the type's rounding relative to sum |x|
        double tol = (x.dataType() == DataType.DOUBLE ? 1e-13 : 1e-6) * Math.max(1, x.norm1Number().doubleValue());
        assertEquals(x.sumNumber().doubleValue(), BlasReductions.sum(x), tol, "sum of " + what);
        assertEquals(x.norm1Number().doubleValue(), BlasReductions.sumAbs(x), tol, "sumAbs of " + what);
        assertEquals(x.norm2Number().doubleValue(), BlasReductions.norm2(x), tol, "norm2 of " + what);
        assertEquals(x.mul(x).sumNumber().doubleValue(), BlasReductions.sumSquares(x),
                tol * Math.max(1, x.amaxNumber().doubleValue()), "sumSquares of " + what);
    }

    @Test
    void agreeWithNd4jOnDenseArraysInEitherOrderViewsAndStridedViews() {
        INDArray c = TestArrays.normal(1, 6, 7, 3);
        assertAllThree(c, "c-order [6, 7, 3]");
        assertAllThree(c.dup('f'), "f-order [6, 7, 3]");
        assertAllThree(c.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all()), "a dense row block");
        assertAllThree(c.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4), NDArrayIndex.all()), "a strided view");
        assertAllThree(c.reshape(126).get(NDArrayIndex.interval(3, 2, 120)), "a stride-2 vector");
        assertAllThree(TestArrays.normal(2, 5), "a vector");
        assertAllThree(Nd4j.scalar(-2.5), "a scalar");
        assertAllThree(TestArrays.normal(3, 40, 30).castTo(DataType.FLOAT), "float32");
        assertAllThree(TestArrays.normal(4, 4, 5).castTo(DataType.HALF), "float16 (the fallback)");
    }

    @Test
    void floatSumsAgreeWithADoubleReferenceToFloatRounding() {
        INDArray d = TestArrays.normal(5, 1000, 784);
        double exact = d.sumNumber().doubleValue();
        assertEquals(exact, BlasReductions.sum(d.castTo(DataType.FLOAT)), 1e-5 * d.norm1Number().doubleValue());
    }

    @Test
    void nonFiniteElementsMakeTheResultNonFinite() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                INDArray x = TestArrays.normal(6, 50, 20).castTo(t);
                x.putScalar(777, bad);
                assertTrue(!Double.isFinite(BlasReductions.sum(x)), t + " sum with " + bad);
                assertTrue(!Double.isFinite(BlasReductions.sumAbs(x)), t + " sumAbs with " + bad);
                assertTrue(!Double.isFinite(BlasReductions.norm2(x)), t + " norm2 with " + bad);
                assertTrue(!Double.isFinite(BlasReductions.sumSquares(x)), t + " sumSquares with " + bad);
            }
        }
    }
}
