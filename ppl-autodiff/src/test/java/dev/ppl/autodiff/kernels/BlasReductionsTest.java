package dev.ppl.autodiff.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.TestArrays;
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

    @Test
    void dotAgreesWithMultiplyAndSumForEveryLayout() {
        INDArray a = TestArrays.normal(7, 6, 7, 3), b = TestArrays.normal(8, 6, 7, 3);
        double expected = a.mul(b).sumNumber().doubleValue();
        double tol = 1e-12 * a.mul(b).norm1Number().doubleValue();
        assertEquals(expected, BlasReductions.dot(a, b), tol, "both c-order");
        assertEquals(expected, BlasReductions.dot(a.dup('f'), b.dup('f')), tol, "both f-order");
        assertEquals(expected, BlasReductions.dot(a, b.dup('f')), tol, "mixed orders");
        INDArray va = a.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4), NDArrayIndex.all());
        INDArray vb = b.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4), NDArrayIndex.all());
        assertEquals(va.mul(vb).sumNumber().doubleValue(), BlasReductions.dot(va, vb), tol, "strided views");
        assertEquals(-5.0, BlasReductions.dot(Nd4j.scalar(2.0), Nd4j.scalar(-2.5)), 0.0, "scalars");
        INDArray f = a.castTo(DataType.FLOAT), g = b.castTo(DataType.FLOAT);
        assertEquals(expected, BlasReductions.dot(f, g), 1e-5 * a.mul(b).norm1Number().doubleValue(), "float32");
    }

    @Test
    void dotRejectsDifferentShapesOrTypesNamingThem() {
        IllegalArgumentException shape = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BlasReductions.dot(TestArrays.normal(1, 2, 3), TestArrays.normal(2, 3, 2)));
        assertTrue(shape.getMessage().contains("[2, 3]") && shape.getMessage().contains("[3, 2]"), shape.getMessage());
        IllegalArgumentException type = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BlasReductions.dot(TestArrays.normal(1, 4), TestArrays.normal(2, 4).castTo(DataType.FLOAT)));
        assertTrue(type.getMessage().contains("FLOAT") && type.getMessage().contains("DOUBLE"), type.getMessage());
    }

    @Test
    void norm2IsExactWhereTheSumOfSquaresOverflowsOrUnderflowsInFloat32() {
        INDArray huge = Nd4j.createFromArray(3e30f, 4e30f, 0f, 0f);   // squares overflow float32
        assertEquals(5e30, BlasReductions.norm2(huge), 1e24);
        INDArray tiny = Nd4j.createFromArray(3e-25f, 4e-25f, 0f, 0f);  // squares underflow float32
        assertEquals(5e-25, BlasReductions.norm2(tiny), 1e-31);
        INDArray usual = TestArrays.normal(9, 300, 7).castTo(DataType.FLOAT);
        assertEquals(usual.norm2Number().doubleValue(), BlasReductions.norm2(usual), 1e-5 * usual.norm2Number().doubleValue());
    }

    @Test
    void blasUpdatesGiveBitForBitTheSumsOfNd4jAndApplyOnlyToSmallDenseArrays() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = TestArrays.normal(10, 64, 20).castTo(t), y = TestArrays.normal(11, 64, 20).castTo(t);
            INDArray out = Nd4j.createUninitialized(t, 64, 20);
            assertTrue(BlasUpdates.applies(x, y, out));
            // exactly equal: the largest absolute difference is 0
            assertEquals(0.0, x.add(y).sub(BlasUpdates.sumInto(x, 1.0, y, out)).amaxNumber().doubleValue(), t + " sum");
            INDArray diff = BlasUpdates.sumInto(x, -1.0, y, Nd4j.createUninitialized(t, 64, 20));
            assertEquals(0.0, x.sub(y).sub(diff).amaxNumber().doubleValue(), t + " difference");
            INDArray acc = x.dup();
            BlasUpdates.addTo(acc, y);
            assertEquals(0.0, x.add(y).sub(acc).amaxNumber().doubleValue(), t + " accumulation");
        }
        INDArray c = TestArrays.normal(12, 8, 6);
        org.junit.jupiter.api.Assertions.assertFalse(BlasUpdates.applies(c, c.dup('f')), "mixed orders");
        org.junit.jupiter.api.Assertions.assertFalse(BlasUpdates.applies(c.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4)),
                TestArrays.normal(13, 8, 3)), "a strided view");
        org.junit.jupiter.api.Assertions.assertFalse(BlasUpdates.applies(c, TestArrays.normal(14, 6, 8)), "other shape");
        org.junit.jupiter.api.Assertions.assertFalse(BlasUpdates.applies(c, c.castTo(DataType.FLOAT)), "other type");
        org.junit.jupiter.api.Assertions.assertFalse(BlasUpdates.applies(Nd4j.zeros(DataType.FLOAT, 200, 100)), "large");
    }
}
