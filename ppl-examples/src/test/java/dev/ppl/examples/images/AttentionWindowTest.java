package dev.ppl.examples.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.examples.images.AttentionWindow.Convention;
import dev.ppl.examples.images.AttentionWindow.PixelBox;
import java.util.SplittableRandom;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The window's pixels follow PyTorch's {@code align_corners=False} grid (pixel \(j\) of \(W\) at
 * \(u_j = (2j + 1)/W - 1\)), checked against a brute-force scan of the grid through the
 * {@code theta} each convention documents, on a non-square canvas so that rows and columns
 * cannot be confused.
 */
class AttentionWindowTest {
    private static final int H = 30;
    private static final int W = 50;

    @Test
    void aWindowCoversThePixelsWhoseCentresLieInItsSquare() {
        assertEquals(new PixelBox(10, 29, 23, 42), Convention.SCALE_AND_CENTRE.window(0.4, -0.2, 0.32).pixels(50, 50));
        assertEquals(new PixelBox(0, W - 1, 0, H - 1), Convention.SCALE_AND_CENTRE.window(1, 0, 0).pixels(H, W), "the whole canvas");
        assertEquals(new PixelBox(0, 24, 15, 29), Convention.SCALE_AND_CENTRE.window(0.5, -0.5, 0.5).pixels(H, W),
                "the left half of the bottom half, edges on pixel boundaries");
        PixelBox beyond = Convention.SCALE_AND_CENTRE.window(0.2, 0.9, -1.0).pixels(H, W);
        assertEquals(new PixelBox(42, 52, -3, 2), beyond, "a window over the corner reaches past the canvas");
    }

    @Test
    void pyroWindowIsCentredAtMinusXOverSWithHalfSizeOneOverS() {
        AttentionWindow pyro = Convention.PYRO.window(2.5, 0.5, -0.8);
        assertEquals(-0.2, pyro.centreU(), 1e-12);
        assertEquals(0.32, pyro.centreV(), 1e-12);
        assertEquals(0.4, pyro.halfSize(), 1e-12);
        // Pyro's examples/air/viz.py bounding_box: width x_size / s = 20, left (x_size - 20) / 2 - x / s * x_size / 2 = 10
        assertEquals(new PixelBox(10, 29, 23, 42), pyro.pixels(50, 50));
    }

    @Test
    void pixelsMatchABruteForceScanOfTheSamplingGridInBothConventions() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 2000; trial++) {
            double s = (r.nextBoolean() ? 1 : -1) * r.nextDouble(0.05, 1.2), x = r.nextDouble(-1.2, 1.2), y = r.nextDouble(-1.2, 1.2);
            // SCALE_AND_CENTRE: canvas point (u, v) shows object point ((u - x) / s, (v - y) / s)
            check(Convention.SCALE_AND_CENTRE.window(s, x, y).pixels(H, W),
                    u -> Math.abs((u - x) / s) <= 1, v -> Math.abs((v - y) / s) <= 1, "scale-and-centre " + s + ", " + x + ", " + y);
            // PYRO: theta = [[s', 0, x], [0, s', y]]: canvas point (u, v) shows object point (s' u + x, s' v + y)
            double sp = 1 / s;
            check(Convention.PYRO.window(sp, x, y).pixels(H, W),
                    u -> Math.abs(sp * u + x) <= 1, v -> Math.abs(sp * v + y) <= 1, "pyro " + sp + ", " + x + ", " + y);
        }
    }

    private static void check(PixelBox box, DoublePredicate column, DoublePredicate row, String what) {
        assertEquals(span(column, W, true), box.firstColumn(), what + ": first column");
        assertEquals(span(column, W, false), box.lastColumn(), what + ": last column");
        assertEquals(span(row, H, true), box.firstRow(), what + ": first row");
        assertEquals(span(row, H, false), box.lastRow(), what + ": last row");
    }

    /** The first or last inside index on an extended grid of 3n pixels centred on the canvas (windows may reach past it). */
    private static int span(DoublePredicate inside, int n, boolean first) {
        Integer found = null;
        for (int j = -n; j < 2 * n; j++) {
            if (inside.test((2.0 * j + 1) / n - 1)) {
                if (first) {
                    return j;
                }
                found = j;
            }
        }
        assertNotNull(found, "no pixel inside");
        return found;
    }

    @Test
    void latentsGiveWindowsWherePresentAndNullWhereAbsent() {
        float[] pres = {1, 1, 0, 0, 0, 0};
        float[] where = {0.4f, -0.2f, 0.32f, 0.3f, 0.5f, 0.5f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        AttentionWindow[][] w = AttentionWindow.of(Nd4j.create(pres, new long[] {2, 3}, 'c'),
                Nd4j.create(where, new long[] {2, 3, 3}, 'c'), Convention.SCALE_AND_CENTRE);
        assertEquals(new PixelBox(10, 29, 23, 42), w[0][0].pixels(50, 50));
        assertEquals(0.5, w[0][1].centreU(), 1e-6);
        assertNull(w[0][2], "absent, and its z_where (s = 0) is not read");
        assertNull(w[1][0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttentionWindow.of(
                Nd4j.create(pres, new long[] {2, 3}, 'c'), Nd4j.create(where, new long[] {3, 2, 3}, 'c'), Convention.PYRO));
        assertEquals("AttentionWindow.of: need zPres [n, T] and zWhere [n, T, 3], got [2, 3] and [3, 2, 3]", e.getMessage());
    }

    @Test
    void aZeroOrNonFiniteScaleHasNoWindow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Convention.PYRO.window(0, 0.1, 0.2));
        assertEquals("AttentionWindow: z_where (s, x, y) = (0.0, 0.1, 0.2) in the PYRO convention has no window; "
                + "need finite values and s != 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Convention.SCALE_AND_CENTRE.window(0.3, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new AttentionWindow(0, 0, -1));
        assertTrue(Convention.SCALE_AND_CENTRE.window(-0.3, 0, 0).equals(new AttentionWindow(0, 0, 0.3)), "a negative s mirrors");
    }
}
