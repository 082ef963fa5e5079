package dev.ppl.autodiff.nn;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AttentionWindowTest {
    private static double centre(long j, long size) {
        return (2.0 * j + 1) / size - 1;
    }

    /** Bilinear interpolation with zero padding as a sum of tent functions (see SpatialTransformerTest). */
    private static double tentSample(INDArray image, int b, double x, double y) {
        long h = image.size(1), w = image.size(2);
        double u = ((x + 1) * w - 1) / 2, v = ((y + 1) * h - 1) / 2, sum = 0;
        for (int p = 0; p < h; p++) {
            for (int q = 0; q < w; q++) {
                sum += image.getDouble(b, p, q) * Math.max(0, 1 - Math.abs(u - q)) * Math.max(0, 1 - Math.abs(v - p));
            }
        }
        return sum;
    }

    private static final double[][] Z_WHERE = {{2.2, 0.1, -0.2}, {1.7, -0.3, 0.05}};

    @Test
    void windowReadsTheImageAtTheInverseMapAndPlaceAtTheForwardMap() {
        INDArray image = normal(1, 2, 9, 8), object = normal(2, 2, 4, 5);
        Var z = Var.constant(Nd4j.createFromArray(Z_WHERE));
        INDArray window = AttentionWindow.window(Var.constant(image), z, 4, 5).value();
        INDArray placed = AttentionWindow.place(Var.constant(object), z, 9, 8).value();
        assertArrayEquals(new long[] {2, 4, 5}, window.shape());
        assertArrayEquals(new long[] {2, 9, 8}, placed.shape());
        for (int b = 0; b < 2; b++) {
            double s = Z_WHERE[b][0], x = Z_WHERE[b][1], y = Z_WHERE[b][2];
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) { // object point v reads the image at (v - (x, y)) / s
                    double expected = tentSample(image, b, (centre(j, 5) - x) / s, (centre(i, 4) - y) / s);
                    assertEquals(expected, window.getDouble(b, i, j), 1e-13);
                }
            }
            for (int i = 0; i < 9; i++) {
                for (int j = 0; j < 8; j++) { // image point u shows the object at s u + (x, y)
                    double expected = tentSample(object, b, s * centre(j, 8) + x, s * centre(i, 9) + y);
                    assertEquals(expected, placed.getDouble(b, i, j), 1e-13);
                }
            }
        }
    }

    @Test
    void placingAWindowBackRecoversTheWindowAreaExactlyWhenThePixelGridsAlign() {
        // s = 50/20 maps the 20 object pixels onto 20 image pixels; x = -0.1 d shifts them d pixels
        INDArray image = normal(3, 1, 50, 50);
        Var z = Var.constant(Nd4j.createFromArray(new double[][] {{2.5, -0.2, 0.3}}));
        INDArray back = AttentionWindow.place(AttentionWindow.window(Var.constant(image), z, 20, 20), z, 50, 50).value();
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 50; j++) {
                boolean inside = i >= 15 - 3 && i < 35 - 3 && j >= 15 + 2 && j < 35 + 2;
                assertEquals(inside ? image.getDouble(0, i, j) : 0.0, back.getDouble(0, i, j), 1e-12, "pixel " + i + "," + j);
            }
        }
    }

    @Test
    void placingAWindowBackRecoversALinearImageInsideTheWindowAtAnyScale() {
        double s = 3.0, x = 0.15, y = -0.25;
        INDArray image = Nd4j.zeros(DataType.DOUBLE, 1, 50, 50);
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 50; j++) {
                image.putScalar(new long[] {0, i, j}, 0.3 + 0.7 * centre(j, 50) - 0.4 * centre(i, 50));
            }
        }
        Var z = Var.constant(Nd4j.createFromArray(new double[][] {{s, x, y}}));
        INDArray back = AttentionWindow.place(AttentionWindow.window(Var.constant(image), z, 20, 20), z, 50, 50).value();
        int checked = 0;
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 50; j++) {
                double u = ((s * centre(j, 50) + x + 1) * 20 - 1) / 2, v = ((s * centre(i, 50) + y + 1) * 20 - 1) / 2;
                if (u >= 0 && u <= 19 && v >= 0 && v <= 19) { // the whole bilinear stencil lies on the object
                    assertEquals(image.getDouble(0, i, j), back.getDouble(0, i, j), 1e-12, "pixel " + i + "," + j);
                    checked++;
                } else if (u < -1 || u > 20 || v < -1 || v > 20) {
                    assertEquals(0.0, back.getDouble(0, i, j), 0.0, "pixel " + i + "," + j + " is off the object");
                }
            }
        }
        assertTrue(checked > 200, "only " + checked + " pixels inside the window");
    }

    @Test
    void gradientsReachTheImageTheObjectAndZWhere() {
        INDArray z = Nd4j.createFromArray(Z_WHERE);
        GradCheck.verify("window", v -> AttentionWindow.window(v.get(0), v.get(1), 5, 5), normal(4, 2, 12, 12), z);
        GradCheck.verify("place", v -> AttentionWindow.place(v.get(0), v.get(1), 12, 12), normal(5, 2, 5, 5), z);
        GradCheck.verify("window with channels", v -> AttentionWindow.window(v.get(0), v.get(1), 4, 3), normal(6, 2, 2, 7, 8), z);
    }

    @Test
    void badInputsNameTheOpAndTheShapes() {
        Var image = Var.constant(normal(1, 2, 9, 8)), z = Var.constant(Nd4j.createFromArray(Z_WHERE));
        expect(() -> AttentionWindow.window(image, Var.constant(normal(2, 2, 4)), 4, 4), "window", "[2, 9, 8]", "[2, 4]", "[2, 3]");
        expect(() -> AttentionWindow.place(image, Var.constant(normal(3, 3, 3)), 4, 4), "place", "[2, 9, 8]", "[3, 3]", "[2, 3]");
        expect(() -> AttentionWindow.window(Var.constant(normal(4, 9, 8)), z, 4, 4), "window", "[9, 8]", "[N, H, W]");
        expect(() -> AttentionWindow.place(image, z.cast(DataType.FLOAT), 4, 4), "place", "DOUBLE", "FLOAT", "[2, 9, 8]");
    }

    private static void expect(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }
}
