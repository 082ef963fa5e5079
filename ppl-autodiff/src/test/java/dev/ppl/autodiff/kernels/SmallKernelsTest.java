package dev.ppl.autodiff.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.TestArrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class SmallKernelsTest {
    /** Inputs of shape [6, 5] laid out in each readable way, holding the same values as {@code values}. */
    private static Map<String, INDArray> layouts(INDArray values) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("dense", values.dup('c'));
        INDArray wide = Nd4j.zeros(values.dataType(), 9, 12);
        INDArray columns = wide.get(NDArrayIndex.interval(2, 8), NDArrayIndex.interval(4, 9));
        columns.assign(values);
        m.put("column range of a larger matrix (offset, row stride 12)", columns);
        INDArray tall = Nd4j.zeros(values.dataType(), 10, 5);
        INDArray rows = tall.get(NDArrayIndex.interval(3, 9), NDArrayIndex.all());
        rows.assign(values);
        m.put("row range (offset, dense)", rows);
        return m;
    }

    private static void assertExactly(INDArray expected, INDArray actual, String what) {
        assertEquals(expected.dataType(), actual.dataType(), what);
        for (int i = 0; i < expected.length(); i++) {
            assertEquals(expected.getDouble(i), actual.getDouble(i), 0.0, what + " at " + i);
        }
    }

    @Test
    void productQuotientAndAxpyMatchNd4jBitForBitOnEveryLayoutAndBothTypes() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = TestArrays.normal(1, 6, 5).castTo(t), y = TestArrays.uniform(2, 0.5, 3, 6, 5).castTo(t);
            for (Map.Entry<String, INDArray> ex : layouts(x).entrySet()) {
                for (Map.Entry<String, INDArray> ey : layouts(y).entrySet()) {
                    String what = t + " x " + ex.getKey() + ", y " + ey.getKey();
                    INDArray a = ex.getValue(), b = ey.getValue();
                    assertTrue(SmallKernels.applies(Nd4j.create(t, 6, 5), a, b), what);
                    assertExactly(x.mul(y), SmallKernels.product(a, b, Nd4j.create(t, 6, 5)), "product, " + what);
                    assertExactly(x.div(y), SmallKernels.quotient(a, b, Nd4j.create(t, 6, 5)), "quotient, " + what);
                    assertExactly(x.add(y), SmallKernels.axpy(a, 1.0, b, Nd4j.create(t, 6, 5)), "sum, " + what);
                    assertExactly(x.sub(y), SmallKernels.axpy(a, -1.0, b, Nd4j.create(t, 6, 5)), "difference, " + what);
                }
            }
        }
    }

    @Test
    void viewsAtAnOffsetAreReadFromTheirOwnElements() {
        INDArray base = TestArrays.normal(20, 8, 10);
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put("a row (point index)", base.get(NDArrayIndex.point(3), NDArrayIndex.all()));
        views.put("a row range reshaped", base.get(NDArrayIndex.interval(2, 6), NDArrayIndex.all()).reshape(5, 8));
        views.put("a column range", base.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 7)));
        views.put("a column range of a row range", base.get(NDArrayIndex.interval(1, 7), NDArrayIndex.interval(2, 9)));
        views.put("a tensor along a dimension", base.tensorAlongDimension(5, 1));
        views.put("an explicit offset", Nd4j.create(base.data(), new long[] {3, 4}, new long[] {4, 1}, 13, 'c'));
        views.put("a vector range", base.reshape(80).get(NDArrayIndex.interval(17, 60)));
        for (Map.Entry<String, INDArray> e : views.entrySet()) {
            INDArray v = e.getValue();
            if (!SmallKernels.readable(v)) {
                continue; // the op takes ND4J's path
            }
            INDArray out = SmallKernels.linear(v, 1.0, 0.0, Nd4j.create(v.dataType(), v.shape()));
            for (int i = 0; i < v.length(); i++) {
                assertEquals(v.getDouble(i), out.getDouble(i), 0.0, e.getKey() + " at " + i);
            }
        }
        assertTrue(SmallKernels.readable(views.get("an explicit offset")), "the explicit-offset view is read in Java");
    }

    @Test
    void compoundKernelsAgreeWithTheirDefinitions() {
        INDArray x = TestArrays.normal(3, 6, 5).muli(4);
        INDArray g = TestArrays.normal(4, 6, 5);
        INDArray out = Nd4j.create(DataType.DOUBLE, 6, 5);
        for (Map.Entry<String, INDArray> e : layouts(x).entrySet()) {
            INDArray a = e.getValue();
            SmallKernels.axpy(a, 2.5, g, out);
            for (int i = 0; i < 30; i++) {
                assertEquals(x.getDouble(i) + 2.5 * g.getDouble(i), out.getDouble(i), 1e-15, "axpy " + e.getKey());
            }
            SmallKernels.linear(a, -1.5, 0.25, out);
            for (int i = 0; i < 30; i++) {
                assertEquals(-1.5 * x.getDouble(i) + 0.25, out.getDouble(i), 1e-15, "linear " + e.getKey());
            }
            SmallKernels.reciprocal(3.0, a, out);
            for (int i = 0; i < 30; i++) {
                assertEquals(3.0 / x.getDouble(i), out.getDouble(i), 1e-15, "reciprocal " + e.getKey());
            }
            SmallKernels.clamp(a, -2, 1, out);
            for (int i = 0; i < 30; i++) {
                assertEquals(Math.min(Math.max(x.getDouble(i), -2), 1), out.getDouble(i), 0.0, "clamp " + e.getKey());
            }
            SmallKernels.passInside(g, a, -2, 1, out);
            for (int i = 0; i < 30; i++) {
                double u = x.getDouble(i);
                assertEquals(u >= -2 && u <= 1 ? g.getDouble(i) : 0.0, out.getDouble(i), 0.0, "passInside " + e.getKey());
            }
            assertEquals(x.minNumber().doubleValue(), SmallKernels.min(a), 0.0, "min " + e.getKey());
            assertEquals(x.norm1Number().doubleValue(), SmallKernels.sumAbs(a), 1e-12, "sumAbs " + e.getKey());
        }
    }

    @Test
    void embedPlacesASliceAmongZerosAlongEveryAxis() {
        long[] full = {4, 5, 6};
        for (int axis = 0; axis < 3; axis++) {
            long[] partShape = full.clone();
            partShape[axis] = 2;
            INDArray part = TestArrays.normal(10 + axis, partShape);
            INDArray expected = Nd4j.zeros(DataType.DOUBLE, full);
            org.nd4j.linalg.indexing.INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
            idx[axis] = NDArrayIndex.interval(1, 3);
            expected.get(idx).assign(part);
            INDArray out = Nd4j.create(DataType.DOUBLE, full).assign(7); // stale contents must be overwritten
            assertExactly(expected, SmallKernels.embed(part, axis, 1, out), "axis " + axis);
        }
        INDArray cols = TestArrays.normal(12, 6, 8).get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5));
        INDArray expected = Nd4j.zeros(DataType.DOUBLE, 6, 4);
        expected.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4)).assign(cols);
        assertExactly(expected, SmallKernels.embed(cols, 1, 1, Nd4j.create(DataType.DOUBLE, 6, 4)), "strided part");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SmallKernels.embed(Nd4j.create(DataType.DOUBLE, 3, 2), 1, 3, Nd4j.create(DataType.DOUBLE, 3, 4)));
        assertTrue(e.getMessage().contains("[3, 2] at 3 along axis 1"), e.getMessage());
    }

    @Test
    void boundsOfTheClampPassTheGradientAndNaNStopsIt() {
        INDArray x = Nd4j.createFromArray(-2.0, 1.0, Double.NaN, -3.0, 0.0);
        INDArray g = Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0, 5.0);
        INDArray out = SmallKernels.passInside(g, x, -2, 1, Nd4j.create(DataType.DOUBLE, 5));
        assertExactly(Nd4j.createFromArray(1.0, 2.0, 0.0, 0.0, 5.0), out, "mask");
        INDArray c = SmallKernels.clamp(x, -2, 1, Nd4j.create(DataType.DOUBLE, 5));
        assertTrue(Double.isNaN(c.getDouble(2)), "NaN stays NaN");
        assertTrue(Double.isNaN(SmallKernels.min(x)), "min with a NaN");
        assertTrue(Double.isNaN(SmallKernels.sumAbs(x)), "sumAbs with a NaN");
    }

    @Test
    void float32ResultsAreRoundedOnceFromTheDoubleComputation() {
        INDArray x = Nd4j.createFromArray(1.0f / 3, 1e-3f, 7.0f);
        INDArray out = SmallKernels.linear(x, 0.1, 0.7, Nd4j.create(DataType.FLOAT, 3));
        for (int i = 0; i < 3; i++) {
            assertEquals((float) (0.1 * (double) x.getFloat(i) + 0.7), out.getFloat(i), 0.0f);
        }
    }

    @Test
    void doesNotApplyToLargeBroadcastTransposedOrMixedArrays() {
        INDArray big = Nd4j.create(DataType.FLOAT, SmallKernels.MAX_LENGTH + 1);
        assertFalse(SmallKernels.readable(big), "too long");
        assertFalse(SmallKernels.readable(Nd4j.create(DataType.INT, 4)), "integers");
        assertFalse(SmallKernels.readable(Nd4j.create(DataType.HALF, 4)), "float16");
        INDArray m = Nd4j.create(DataType.DOUBLE, 4, 3);
        assertFalse(SmallKernels.readable(m.transpose()), "transposed view");
        assertFalse(SmallKernels.readable(m.dup('f')), "f order");
        INDArray row = Nd4j.create(DataType.DOUBLE, 3);
        assertFalse(SmallKernels.readable(Nd4j.create(row.data(), new long[] {4, 3}, new long[] {0, 1}, 0, 'c')),
                "broadcast view (row stride 0)");
        assertFalse(SmallKernels.readable(m.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 3))), "stride-2 columns");
        INDArray f = Nd4j.create(DataType.FLOAT, 4, 3);
        assertFalse(SmallKernels.applies(f, m), "mixed types");
        assertFalse(SmallKernels.applies(Nd4j.create(DataType.DOUBLE, 3, 4), m), "different shapes");
        assertFalse(SmallKernels.applies(m.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)),
                Nd4j.create(DataType.DOUBLE, 4, 2)), "a strided output");
        assertTrue(SmallKernels.applies(Nd4j.scalar(1.0), Nd4j.scalar(2.0)), "rank 0");
    }
}
