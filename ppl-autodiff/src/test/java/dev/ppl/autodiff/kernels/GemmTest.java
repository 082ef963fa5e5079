package dev.ppl.autodiff.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The direct BLAS path of {@link Kernels#matmul}, {@link Kernels#affine} and {@link Kernels#columnSums} against plain-double loops. */
class GemmTest {
    /** {@code op(p) op(q)} in plain doubles. */
    private static double[][] product(INDArray p, INDArray q, boolean tp, boolean tq) {
        int m = (int) (tp ? p.size(1) : p.size(0)), k = (int) (tp ? p.size(0) : p.size(1));
        int n = (int) (tq ? q.size(0) : q.size(1));
        double[][] c = new double[m][n];
        double[][] a = p.castTo(DataType.DOUBLE).toDoubleMatrix(), b = q.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += (tp ? a[l][i] : a[i][l]) * (tq ? b[j][l] : b[l][j]);
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    private static void assertMatrix(double[][] expected, INDArray actual, double tol, String what) {
        assertEquals(expected.length, actual.size(0), what + ": rows");
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], actual.getDouble(i, j), tol * (1 + Math.abs(expected[i][j])),
                        what + " at [" + i + ", " + j + "]");
            }
        }
    }

    /**
     * Each element within the standard rounding bound of a length-\(k\) dot product,
     * \(|\hat c_{ij} - c_{ij}| \le k\,u \sum_l |a_{il} b_{lj}|\) with \(u\) the unit roundoff
     * (sums of many terms of both signs cancel, so a bound relative to \(|c_{ij}|\) would not hold).
     */
    private static void assertWithinRoundingBound(INDArray p, INDArray q, boolean tp, boolean tq, INDArray actual, DataType t,
            String what) {
        double[][] a = p.castTo(DataType.DOUBLE).toDoubleMatrix(), b = q.castTo(DataType.DOUBLE).toDoubleMatrix();
        int m = (int) actual.size(0), n = (int) actual.size(1), k = (int) (tp ? p.size(0) : p.size(1));
        double u = t == DataType.FLOAT ? 0x1p-24 : 0x1p-53;
        double[][] c = actual.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int l = 0; l < k; l++) {
                    double term = (tp ? a[l][i] : a[i][l]) * (tq ? b[j][l] : b[l][j]);
                    s += term;
                    abs += Math.abs(term);
                }
                assertEquals(s, c[i][j], k * u * abs, what + " at [" + i + ", " + j + "]");
            }
        }
    }

    private static double tol(DataType t) {
        return t == DataType.FLOAT ? 1e-5 : 1e-13;
    }

    @Test
    void everyTransposeCombinationMatchesPlainLoopsInBothTypes() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean tp : new boolean[] {false, true}) {
                for (boolean tq : new boolean[] {false, true}) {
                    INDArray p = TestArrays.normal(1, tp ? 7 : 5, tp ? 5 : 7).castTo(t);
                    INDArray q = TestArrays.normal(2, tq ? 3 : 7, tq ? 7 : 3).castTo(t);
                    assertTrue(Gemm.applies(p, q));
                    String what = t + " tp=" + tp + " tq=" + tq;
                    assertMatrix(product(p, q, tp, tq), Kernels.matmul(p, q, tp, tq, null), tol(t), what);
                }
            }
        }
    }

    @Test
    void columnSlicesAreReadWithTheirRowStrideAndViewsAreWrittenInPlace() {
        INDArray wide = TestArrays.normal(3, 6, 10).castTo(DataType.FLOAT);
        INDArray p = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 6));        // [6, 4], row stride 10
        INDArray q = TestArrays.normal(4, 9, 4).castTo(DataType.FLOAT).get(NDArrayIndex.interval(1, 5), NDArrayIndex.all());
        INDArray buffer = Nd4j.zeros(DataType.FLOAT, 40);
        INDArray out = buffer.get(NDArrayIndex.interval(7, 31)).reshape(6, 4);         // a view with an offset
        assertTrue(Gemm.applies(p, q, out), "row-strided views take the direct path");
        assertSame(out, Kernels.matmul(p, q, false, false, out));
        assertMatrix(product(p, q, false, false), buffer.get(NDArrayIndex.interval(7, 31)).reshape(6, 4), 1e-5, "view product");
        assertEquals(0.0, buffer.getDouble(6), 0.0, "the element before the view is untouched");
        assertEquals(0.0, buffer.getDouble(31), 0.0, "the element after the view is untouched");
    }

    @Test
    void arraysBlasCannotReadTakeNd4jsPathWithTheSameResult() {
        INDArray p = TestArrays.normal(5, 4, 6);
        INDArray q = TestArrays.normal(6, 6, 3);
        INDArray fp = p.dup('f');
        assertFalse(Gemm.applies(fp), "an f-order matrix has unit column stride, not row stride");
        assertFalse(Gemm.applies(TestArrays.normal(7, 2, 3, 4)), "rank 3");
        assertFalse(Gemm.applies(p, q.castTo(DataType.FLOAT)), "mixed types");
        assertMatrix(product(p, q, false, false), Kernels.matmul(fp, q, false, false, null), 1e-13, "f-order operand");
        INDArray half = p.castTo(DataType.HALF);
        assertFalse(Gemm.applies(half));
    }

    @Test
    void affineAddsTheBiasToEveryRow() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = TestArrays.normal(8, 5, 4).castTo(t), w = TestArrays.normal(9, 4, 3).castTo(t);
            INDArray b = TestArrays.normal(10, 3).castTo(t);
            double[][] expected = product(x, w, false, false);
            for (double[] row : expected) {
                for (int j = 0; j < row.length; j++) {
                    row[j] += b.getDouble(j);
                }
            }
            assertMatrix(expected, Kernels.affine(x, w, b), tol(t), "affine " + t);
            INDArray stridedBias = TestArrays.normal(11, 6).castTo(t).get(NDArrayIndex.interval(0, 2, 6));
            double[][] strided = product(x, w, false, false);
            for (double[] row : strided) {
                for (int j = 0; j < row.length; j++) {
                    row[j] += stridedBias.getDouble(j);
                }
            }
            assertMatrix(strided, Kernels.affine(x, w, stridedBias), tol(t), "affine with a stride-2 bias (ND4J path) " + t);
        }
    }

    @Test
    void columnSumsIntoAFreshArrayAndIntoAView() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray g = TestArrays.normal(12, 1030, 3).castTo(t);   // more rows than the first ones vector holds
            double[] expected = new double[3];
            for (int i = 0; i < 1030; i++) {
                for (int j = 0; j < 3; j++) {
                    expected[j] += g.getDouble(i, j);
                }
            }
            INDArray fresh = Kernels.columnSums(g, null);
            INDArray buffer = Nd4j.zeros(t, 8);
            INDArray view = buffer.get(NDArrayIndex.interval(2, 5));
            Kernels.columnSums(g, view);
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[j], fresh.getDouble(j), tol(t) * 100, "fresh sum " + j + " " + t);
                assertEquals(expected[j], buffer.getDouble(2 + j), tol(t) * 100, "view sum " + j + " " + t);
            }
            assertEquals(0.0, buffer.getDouble(1), 0.0);
            assertEquals(0.0, buffer.getDouble(5), 0.0);
        }
    }

    @Test
    void emptyProductsAreZero() {
        INDArray p = Nd4j.create(DataType.FLOAT, 3, 0), q = Nd4j.create(DataType.FLOAT, 0, 2);
        INDArray c = Kernels.matmul(p, q, false, false, null);
        assertEquals(2, c.size(1));
        assertEquals(0.0, c.sumNumber().doubleValue(), 0.0);
    }

    /**
     * Products above {@link Gemm#SPLIT_MACS} with BLAS on one thread are computed as two column
     * blocks at once: every transpose combination, both types, and views with an offset and a row
     * stride (the second block's pointers start inside them) match plain loops, and nothing
     * outside the output view is written.
     */
    @Test
    void largeProductsSplitIntoColumnBlocksMatchPlainLoopsAndTheUnsplitResult() {
        int threads = Nd4j.factory().blas().getMaxThreads();
        try {
            for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                for (boolean tp : new boolean[] {false, true}) {
                    for (boolean tq : new boolean[] {false, true}) {
                        int m = 64, k = 1000, n = 257;   // 16.4M multiply-adds, an odd column count
                        assertTrue((long) m * n * k >= Gemm.SPLIT_MACS);
                        INDArray p = TestArrays.normal(20, tp ? k : m, tp ? m : k).castTo(t);
                        INDArray wideQ = TestArrays.normal(21, tq ? n : k, (tq ? k : n) + 5).castTo(t);
                        INDArray q = wideQ.get(NDArrayIndex.all(), NDArrayIndex.interval(3, (tq ? k : n) + 3));
                        INDArray buffer = Nd4j.zeros(t, (long) m * (n + 4) + 9);
                        INDArray out = buffer.get(NDArrayIndex.interval(9, 9 + (long) m * (n + 4))).reshape(m, n + 4)
                                .get(NDArrayIndex.all(), NDArrayIndex.interval(2, n + 2));
                        assertTrue(Gemm.applies(p, q, out));
                        String what = t + " tp=" + tp + " tq=" + tq;
                        Nd4j.factory().blas().setMaxThreads(1);
                        Kernels.matmul(p, q, tp, tq, out);
                        assertWithinRoundingBound(p, q, tp, tq, out, t, "split " + what);
                        INDArray outside = buffer.get(NDArrayIndex.interval(9, 9 + (long) m * (n + 4))).reshape(m, n + 4);
                        assertEquals(0.0, outside.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).norm1Number().doubleValue(),
                                0.0, "columns left of the view untouched " + what);
                        assertEquals(0.0, outside.get(NDArrayIndex.all(), NDArrayIndex.interval(n + 2, n + 4)).norm1Number()
                                .doubleValue(), 0.0, "columns right of the view untouched " + what);
                    }
                }
            }
        } finally {
            Nd4j.factory().blas().setMaxThreads(threads);
        }
    }
}
