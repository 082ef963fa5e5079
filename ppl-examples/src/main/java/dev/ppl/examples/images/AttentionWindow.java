package dev.ppl.examples.images;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The square of the canvas an object occupies in "Attend, Infer, Repeat" (Eslami et al. 2016), in
 * normalized canvas coordinates: \(|u - \mathit{centreU}| \le \mathit{halfSize}\) and
 * \(|v - \mathit{centreV}| \le \mathit{halfSize}\).
 *
 * <h2>Coordinates</h2>
 * Those of PyTorch's {@code affine_grid} / {@code grid_sample} with {@code align_corners=False}:
 * on a canvas of \(W\) columns and \(H\) rows, \(u \in [-1, 1]\) is horizontal (left to right
 * across the columns) and \(v \in [-1, 1]\) vertical (top to bottom across the rows); the centre
 * of column \(j\) is at \(u_j = (2j + 1)/W - 1\), of row \(i\) at \(v_i = (2i + 1)/H - 1\), and
 * \(\pm 1\) are the outer edges of the canvas (not pixel centres). The window covers column \(j\)
 * when \(|u_j - \mathit{centreU}| \le \mathit{halfSize}\), row \(i\) likewise ({@link #pixels}).
 *
 * <h2>From {@code z_where} = (s, x, y)</h2>
 * Two conventions are in use for AIR's {@code z_where}, and they differ; {@link Convention} names
 * them, and the caller must say which one the model's spatial transformer uses:
 * <ul>
 *   <li>{@link Convention#SCALE_AND_CENTRE}: the object-to-canvas transform writes object point
 *       \((a, b) \in [-1, 1]^2\) at canvas point \((x + s a, y + s b)\) (the canvas grid samples the
 *       object at \(((u - x)/s, (v - y)/s)\), {@code theta} \(= [[1/s, 0, -x/s], [0, 1/s, -y/s]]\)),
 *       so the window is centred at \((x, y)\) with half size \(s\);</li>
 *   <li>{@link Convention#PYRO}: Pyro's {@code examples/air/air.py} ({@code window_to_image} builds
 *       {@code theta} \(= [[s, 0, x], [0, s, y]]\), the canvas grid samples the object at
 *       \((s u + x, s v + y)\), prior \(s \sim N(3, 0.1^2)\)), so the window is centred at
 *       \((-x/s, -y/s)\) with half size \(1/s\).</li>
 * </ul>
 * Pyro's \((s, x, y)\) is the same window as \((1/s, -x/s, -y/s)\) in the first convention. A
 * negative \(s\) mirrors the object inside the same square, so both use \(|s|\); \(s = 0\) is
 * rejected.
 *
 * @param centreU the horizontal centre, in normalized canvas units
 * @param centreV the vertical centre, in normalized canvas units
 * @param halfSize half the side of the square, in normalized canvas units (1: the whole canvas)
 */
public record AttentionWindow(double centreU, double centreV, double halfSize) {
    /** A tolerance for pixel centres lying on the window's edge up to rounding: they count as covered. */
    private static final double EDGE = 1e-9;

    /** Checks that the centre is finite and the half size positive and finite. */
    public AttentionWindow {
        if (!Double.isFinite(centreU) || !Double.isFinite(centreV) || !(halfSize > 0) || Double.isInfinite(halfSize)) {
            throw new IllegalArgumentException("AttentionWindow: need a finite centre and a positive finite half size, got centre ("
                    + centreU + ", " + centreV + "), half size " + halfSize);
        }
    }

    /** How a {@code z_where} = (s, x, y) places the object on the canvas (see the class comment). */
    public enum Convention {
        /** Centre \((x, y)\), half size \(|s|\): object point \((a, b)\) goes to \((x + s a, y + s b)\). */
        SCALE_AND_CENTRE {
            @Override
            public AttentionWindow window(double s, double x, double y) {
                return new AttentionWindow(x, y, checked(s, x, y, this));
            }
        },
        /** Pyro's AIR: centre \((-x/s, -y/s)\), half size \(1/|s|\): canvas point \((u, v)\) shows object point \((s u + x, s v + y)\). */
        PYRO {
            @Override
            public AttentionWindow window(double s, double x, double y) {
                checked(s, x, y, this);
                return new AttentionWindow(-x / s, -y / s, 1 / Math.abs(s));
            }
        };

        /**
         * The window of {@code z_where} = (s, x, y) in this convention.
         *
         * @throws IllegalArgumentException if a component is not finite or {@code s} is 0
         */
        public abstract AttentionWindow window(double s, double x, double y);

        private static double checked(double s, double x, double y, Convention c) {
            if (!Double.isFinite(s) || !Double.isFinite(x) || !Double.isFinite(y) || s == 0) {
                throw new IllegalArgumentException("AttentionWindow: z_where (s, x, y) = (" + s + ", " + x + ", " + y + ") in the "
                        + c + " convention has no window; need finite values and s != 0");
            }
            return Math.abs(s);
        }
    }

    /**
     * The pixels a window covers on a {@code height x width} canvas, as inclusive column and row
     * ranges; they may reach beyond the canvas (negative, or past {@code width - 1}), and are empty
     * (first after last) when no pixel centre lies inside the window.
     *
     * @param firstColumn the leftmost covered column
     * @param lastColumn the rightmost covered column
     * @param firstRow the top covered row
     * @param lastRow the bottom covered row
     */
    public record PixelBox(int firstColumn, int lastColumn, int firstRow, int lastRow) {}

    /**
     * The columns \(j\) with \(|u_j - \mathit{centreU}| \le \mathit{halfSize}\) and rows \(i\) with
     * \(|v_i - \mathit{centreV}| \le \mathit{halfSize}\) on a {@code height x width} canvas:
     * \(j \in [\lceil (W(c - h + 1) - 1)/2 \rceil, \lfloor (W(c + h + 1) - 1)/2 \rfloor]\).
     */
    public PixelBox pixels(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("AttentionWindow.pixels: canvas must be positive, got " + height + "x" + width);
        }
        return new PixelBox(first(centreU, width), last(centreU, width), first(centreV, height), last(centreV, height));
    }

    private int first(double centre, int n) {
        return (int) Math.ceil((n * (centre - halfSize + 1) - 1) / 2 - EDGE);
    }

    private int last(double centre, int n) {
        return (int) Math.floor((n * (centre + halfSize + 1) - 1) / 2 + EDGE);
    }

    /**
     * The windows of a model's latents: {@code zPres} of shape {@code [n, T]} (step \(t\) of image
     * \(i\) present when its value exceeds 0.5) and {@code zWhere} of shape {@code [n, T, 3]}
     * (\((s, x, y)\) per step, read in {@code convention}). Entry \([i][t]\) is the window, or
     * {@code null} where step \(t\) is absent (its {@code z_where} is then ignored).
     */
    public static AttentionWindow[][] of(INDArray zPres, INDArray zWhere, Convention convention) {
        if (zPres.rank() != 2 || zWhere.rank() != 3 || zWhere.size(0) != zPres.size(0) || zWhere.size(1) != zPres.size(1)
                || zWhere.size(2) != 3) {
            throw new IllegalArgumentException("AttentionWindow.of: need zPres [n, T] and zWhere [n, T, 3], got "
                    + Arrays.toString(zPres.shape()) + " and " + Arrays.toString(zWhere.shape()));
        }
        int n = Math.toIntExact(zPres.size(0)), steps = Math.toIntExact(zPres.size(1));
        double[] pres = zPres.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] where = zWhere.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        AttentionWindow[][] out = new AttentionWindow[n][steps];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) {
                int k = i * steps + t;
                if (pres[k] > 0.5) {
                    out[i][t] = convention.window(where[3 * k], where[3 * k + 1], where[3 * k + 2]);
                }
            }
        }
        return out;
    }
}
