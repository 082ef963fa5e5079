package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static dev.ppl.autodiff.TestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Var;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class SpatialTransformerTest {
    /** The centre of pixel {@code j} of {@code size} in normalized coordinates (align_corners=False). */
    private static double centre(long j, long size) {
        return (2.0 * j + 1) / size - 1;
    }

    /**
     * Bilinear interpolation with zero padding written as a sum of tent functions over every pixel:
     * \(\sum_{pq} I_{pq} \max(0, 1 - |u - q|) \max(0, 1 - |v - p|)\) at pixel position \((u, v)\).
     */
    static double tentSample(INDArray image4, int b, int ch, double x, double y) {
        long h = image4.size(2), w = image4.size(3);
        double u = ((x + 1) * w - 1) / 2, v = ((y + 1) * h - 1) / 2, sum = 0;
        for (int p = 0; p < h; p++) {
            for (int q = 0; q < w; q++) {
                sum += image4.getDouble(b, ch, p, q) * Math.max(0, 1 - Math.abs(u - q)) * Math.max(0, 1 - Math.abs(v - p));
            }
        }
        return sum;
    }

    /** {@code [n, 2, 3]} copies of the affine map {@code [[a, b, c], [d, e, f]]}. */
    static INDArray theta(int n, double a, double b, double c, double d, double e, double f) {
        INDArray t = Nd4j.createFromArray(new double[][] {{a, b, c}, {d, e, f}});
        return Nd4j.stack(0, java.util.Collections.nCopies(n, t).toArray(new INDArray[0]));
    }

    /**
     * A grid {@code [n, ho, wo, 2]} over an {@code h x w} image whose points sit at pixel positions
     * \(k + t\), \(k \in [-1, \text{size} - 1]\), \(t \in [0.1, 0.9]\): some outside the image, none on the
     * pixel lines where bilinear interpolation has a kink.
     */
    static INDArray offLineGrid(long seed, int n, int ho, int wo, int h, int w) {
        Random r = new Random(seed);
        INDArray g = Nd4j.zeros(DataType.DOUBLE, n, ho, wo, 2);
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    double u = r.nextInt(w + 1) - 1 + 0.1 + 0.8 * r.nextDouble();
                    double v = r.nextInt(h + 1) - 1 + 0.1 + 0.8 * r.nextDouble();
                    g.putScalar(new long[] {b, i, j, 0}, (2 * u + 1) / w - 1);
                    g.putScalar(new long[] {b, i, j, 1}, (2 * v + 1) / h - 1);
                }
            }
        }
        return g;
    }

    private static Var sample(INDArray image, INDArray grid) {
        return SpatialTransformer.gridSample(Var.constant(image), Var.constant(grid));
    }

    @Test
    void affineGridIsThetaTimesThePixelCentres() {
        for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray theta = normal(1, 3, 2, 3);
            INDArray g = SpatialTransformer.affineGrid(Var.constant(theta.castTo(t)), 4, 5).value();
            assertArrayEquals(new long[] {3, 4, 5, 2}, g.shape());
            assertEquals(t, g.dataType());
            for (int n = 0; n < 3; n++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 5; j++) {
                        for (int r = 0; r < 2; r++) {
                            double expected = theta.getDouble(n, r, 0) * centre(j, 5) + theta.getDouble(n, r, 1) * centre(i, 4)
                                    + theta.getDouble(n, r, 2);
                            assertEquals(expected, g.getDouble(n, i, j, r), t == DataType.DOUBLE ? 1e-14 : 1e-5);
                        }
                    }
                }
            }
        }
    }

    @Test
    void identityThetaReproducesTheImage() {
        INDArray image = normal(2, 2, 5, 7);
        INDArray out = sample(image, SpatialTransformer.affineGrid(Var.constant(theta(2, 1, 0, 0, 0, 1, 0)), 5, 7).value()).value();
        assertArrayEquals(image.data().asDouble(), out.dup().data().asDouble(), 1e-14);
        INDArray channels = normal(3, 2, 3, 4, 6).castTo(DataType.FLOAT);
        Var grid = SpatialTransformer.affineGrid(Var.constant(theta(2, 1, 0, 0, 0, 1, 0).castTo(DataType.FLOAT)), 4, 6);
        INDArray same = SpatialTransformer.gridSample(Var.constant(channels), grid).value();
        assertArrayEquals(channels.data().asFloat(), same.dup().data().asFloat(), 1e-6f);
    }

    @Test
    void aTranslationByOnePixelShiftsTheImageByOnePixelAndPadsWithZeros() {
        INDArray image = normal(4, 2, 5, 7);
        INDArray right = sample(image, SpatialTransformer.affineGrid(Var.constant(theta(2, 1, 0, 2.0 / 7, 0, 1, 0)), 5, 7).value()).value();
        INDArray down = sample(image, SpatialTransformer.affineGrid(Var.constant(theta(2, 1, 0, 0, 0, 1, -2.0 / 5)), 5, 7).value()).value();
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 7; j++) {
                    assertEquals(j < 6 ? image.getDouble(n, i, j + 1) : 0.0, right.getDouble(n, i, j), 1e-14, "x shift at " + i + "," + j);
                    assertEquals(i > 0 ? image.getDouble(n, i - 1, j) : 0.0, down.getDouble(n, i, j), 1e-14, "y shift at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void pointsOutsideTheImageSampleZeroAndTheEdgeHalfAPixelOut() {
        INDArray image = uniform(5, 1, 2, 1, 4, 6);
        double[][] points = {{1 + 2.0 / 6 + 1e-9, 0}, {-1 - 2.0 / 6 - 1e-9, 0.1}, {0.2, 1.6}, {-3, -40}, {1e30, 0},
            {Double.POSITIVE_INFINITY, 0}, {1, centre(2, 4)}, {centre(0, 6), -1}};
        INDArray grid = Nd4j.createFromArray(points).reshape(1, 1, points.length, 2);
        INDArray out = sample(image, grid).value();
        for (int k = 0; k < 6; k++) {
            assertEquals(0.0, out.getDouble(0, 0, k), 0.0, "point " + java.util.Arrays.toString(points[k]));
        }
        assertEquals(0.5 * image.getDouble(0, 2, 5), out.getDouble(0, 0, 6), 1e-14, "right edge");
        assertEquals(0.5 * image.getDouble(0, 0, 0), out.getDouble(0, 0, 7), 1e-14, "top edge");
        // exactly on the far edge of the padding (pixel position W or H, exact for a width of 4): all weight outside
        INDArray square = uniform(6, 1, 2, 1, 4, 4);
        INDArray far = sample(square, Nd4j.createFromArray(1.25, 0.25, 0.25, 1.25, 1.25, 1.25).reshape(1, 1, 3, 2)).value();
        assertArrayEquals(new double[] {0, 0, 0}, far.dup().data().asDouble(), 0.0);
        INDArray nan = sample(image, Nd4j.createFromArray(Double.NaN, 0.0).reshape(1, 1, 1, 2)).value();
        assertTrue(Double.isNaN(nan.getDouble(0)), "a NaN point samples NaN");
    }

    @Test
    void gridSampleMatchesTentFunctionBilinearInterpolationWithAndWithoutChannels() {
        INDArray image = normal(6, 2, 3, 6, 5);
        INDArray grid = uniform(7, -1.4, 1.4, 2, 4, 3, 2);
        INDArray out = sample(image, grid).value();
        INDArray single = sample(image.get(NDArrayIndex.all(), NDArrayIndex.point(1)).dup(), grid).value();
        INDArray out32 = sample(image.castTo(DataType.FLOAT), grid.castTo(DataType.FLOAT)).value();
        assertArrayEquals(new long[] {2, 3, 4, 3}, out.shape());
        assertArrayEquals(new long[] {2, 4, 3}, single.shape());
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    double x = grid.getDouble(b, i, j, 0), y = grid.getDouble(b, i, j, 1);
                    for (int ch = 0; ch < 3; ch++) {
                        double expected = tentSample(image, b, ch, x, y);
                        assertEquals(expected, out.getDouble(b, ch, i, j), 1e-13);
                        assertEquals(expected, out32.getDouble(b, ch, i, j), 1e-5);
                    }
                    assertEquals(tentSample(image, b, 1, x, y), single.getDouble(b, i, j), 1e-13);
                }
            }
        }
    }

    @Test
    void viewsAndStridedInputsAreReadAsTheirOwnElements() {
        INDArray big = normal(8, 4, 5, 6);
        INDArray atOffset = big.get(NDArrayIndex.interval(1, 3));
        INDArray transposed = normal(9, 2, 6, 5).permute(0, 2, 1);
        INDArray grid = uniform(10, -1.1, 1.1, 2, 3, 3, 2);
        INDArray stridedGrid = uniform(11, -1.1, 1.1, 2, 3, 2, 3).permute(0, 1, 3, 2);
        assertEquals(sample(atOffset.dup(), grid).value(), sample(atOffset, grid).value());
        assertEquals(sample(transposed.dup(), grid).value(), sample(transposed, grid).value());
        assertEquals(sample(atOffset.dup(), stridedGrid.dup()).value(), sample(atOffset, stridedGrid).value());
    }

    @Test
    void gridSampleGradientsMatchFiniteDifferencesForTheImageAndTheGrid() {
        INDArray grid = offLineGrid(12, 2, 3, 4, 5, 6);
        GradCheck.verify("gridSample image", v -> SpatialTransformer.gridSample(v.get(0), Var.constant(grid)), normal(13, 2, 5, 6));
        INDArray image = normal(14, 2, 5, 6);
        GradCheck.verify("gridSample grid", v -> SpatialTransformer.gridSample(Var.constant(image), v.get(0)), grid);
        GradCheck.verify("gridSample channels, both", v -> SpatialTransformer.gridSample(v.get(0), v.get(1)),
                normal(15, 2, 3, 5, 6), offLineGrid(16, 2, 4, 3, 5, 6));
    }

    @Test
    void affineGridAndTheComposedWarpHaveFiniteDifferenceGradients() {
        GradCheck.verify("affineGrid", v -> SpatialTransformer.affineGrid(v.get(0), 3, 4), normal(17, 2, 2, 3));
        INDArray nearIdentity = theta(3, 1, 0, 0, 0, 1, 0).addi(normal(18, 3, 2, 3).muli(0.15));
        GradCheck.verify("warp", v -> SpatialTransformer.gridSample(v.get(1), SpatialTransformer.affineGrid(v.get(0), 4, 5)),
                nearIdentity, normal(19, 3, 6, 7));
    }

    @Test
    void float32GradientsAgreeWithFloat64() {
        INDArray image = normal(20, 2, 2, 5, 6), grid = offLineGrid(21, 2, 3, 4, 5, 6);
        INDArray weights = normal(22, 2, 2, 3, 4);
        Gradients[] g = new Gradients[2];
        Var[][] leaves = new Var[2][];
        DataType[] types = {DataType.DOUBLE, DataType.FLOAT};
        for (int k = 0; k < 2; k++) {
            leaves[k] = new Var[] {Var.param(image.castTo(types[k])), Var.param(grid.castTo(types[k]))};
            Var out = SpatialTransformer.gridSample(leaves[k][0], leaves[k][1]).mul(Var.constant(weights.castTo(types[k]))).sum();
            g[k] = Grad.grad(out, leaves[k]);
        }
        for (int p = 0; p < 2; p++) {
            assertEquals(DataType.FLOAT, g[1].get(leaves[1][p]).dataType());
            assertArrayEquals(g[0].get(leaves[0][p]).dup().data().asDouble(),
                    g[1].get(leaves[1][p]).castTo(DataType.DOUBLE).dup().data().asDouble(), 1e-4);
        }
    }

    @Test
    void theImageGradientSpreadsEachSampleOverItsInImageCorners() {
        Var image = Var.param(normal(23, 1, 4, 4)), grid = Var.constant(offLineGrid(24, 1, 2, 2, 4, 4));
        Gradients g = Grad.grad(SpatialTransformer.gridSample(image, grid).sum(), image);
        // each of the 4 samples spreads weight 1 over its in-image corners: the total is the in-image weight
        double inside = 0;
        for (int k = 0; k < 4; k++) {
            inside += tentSample(Nd4j.ones(DataType.DOUBLE, 1, 1, 4, 4), 0, 0, grid.value().getDouble(0, k / 2, k % 2, 0),
                    grid.value().getDouble(0, k / 2, k % 2, 1));
        }
        assertEquals(inside, g.get(image).sumNumber().doubleValue(), 1e-13);
    }

    @Test
    void badInputsNameTheOpAndTheShapes() {
        Var image = Var.constant(normal(1, 2, 5, 6)), grid = Var.constant(normal(2, 2, 3, 4, 2));
        expect(() -> SpatialTransformer.gridSample(Var.constant(normal(3, 5, 6)), grid), "gridSample", "[5, 6]", "[N, H, W]");
        expect(() -> SpatialTransformer.gridSample(image, Var.constant(normal(4, 2, 12, 2))), "gridSample", "[2, 12, 2]",
                "[N, H_out, W_out, 2]");
        expect(() -> SpatialTransformer.gridSample(image, Var.constant(normal(5, 2, 3, 4, 3))), "gridSample", "[2, 3, 4, 3]",
                "[N, H_out, W_out, 2]");
        expect(() -> SpatialTransformer.gridSample(image, Var.constant(normal(6, 3, 3, 4, 2))), "gridSample", "[2, 5, 6]",
                "[3, 3, 4, 2]", "batch sizes 2 and 3");
        expect(() -> SpatialTransformer.gridSample(image, grid.cast(DataType.FLOAT)), "gridSample", "[2, 5, 6]", "[2, 3, 4, 2]",
                "DOUBLE", "FLOAT");
        expect(() -> SpatialTransformer.gridSample(image.cast(DataType.HALF), grid.cast(DataType.HALF)), "gridSample", "HALF",
                "[2, 5, 6]");
        expect(() -> SpatialTransformer.affineGrid(Var.constant(normal(7, 2, 3, 3)), 4, 4), "affineGrid", "[2, 3, 3]", "[N, 2, 3]");
        expect(() -> SpatialTransformer.affineGrid(Var.constant(normal(8, 2, 2, 3)), 0, 4), "affineGrid", "0 x 4", "[2, 2, 3]");
        expect(() -> SpatialTransformer.affineGrid(Var.constant(normal(9, 2, 2, 3)).cast(DataType.INT32), 4, 4), "affineGrid",
                "INT", "[2, 2, 3]");
    }

    private static void expect(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }
}
