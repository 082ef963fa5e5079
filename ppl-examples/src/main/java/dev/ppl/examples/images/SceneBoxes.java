package dev.ppl.examples.images;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Writes scenes as an RGB PNG grid with the inferred objects of "Attend, Infer, Repeat" drawn as
 * boxes: the grey levels like {@link ImageGrid} (ink \(g \in [0, 1]\) drawn as level
 * \(255 (1 - g)\), dark on white; tiles of \(h \times w\) pixels magnified {@code zoom} times, a
 * one-pixel grey gap between tiles), and for each present step \(t\) of an image the outline of
 * its {@link AttentionWindow} in {@link #colour colour(t)} (red, green, blue, ...).
 *
 * <p>The outline is one screen pixel wide, drawn on the outermost screen pixels of the block of
 * canvas pixels the window covers ({@link AttentionWindow#pixels}): covered columns
 * \(j_0..j_1\) of a tile at screen column \(x_0\) put the left edge at \(x_0 + z j_0\) and the right
 * edge at \(x_0 + z (j_1 + 1) - 1\) for zoom \(z\), rows likewise. Parts of a window outside the
 * canvas are clipped: an edge beyond the canvas is not drawn. Later steps are drawn over earlier
 * ones.
 */
public final class SceneBoxes {
    private static final Color[] COLOURS = {Color.RED, new Color(0, 170, 0), Color.BLUE, new Color(255, 140, 0),
            Color.MAGENTA, new Color(0, 170, 170)};
    private static final int GAP = 1;
    private static final int PAIR_GAP = 4;
    private static final int GAP_LEVEL = 160;

    private SceneBoxes() {}

    /** The colour of step {@code t}: red, green, blue, orange, magenta, teal, then again from red. */
    public static Color colour(int t) {
        return COLOURS[Math.floorMod(t, COLOURS.length)];
    }

    /**
     * Writes scenes {@code [0, rows * cols)} of {@code scenes} (shape {@code [>= rows * cols,
     * height * width]}, row-major images) row by row to {@code file}, with boxes
     * {@code windows[i][t]} on scene \(i\) ({@code null}: step \(t\) absent; {@code windows} has at
     * least {@code rows * cols} entries, of any lengths). Returns {@code file}.
     */
    public static Path write(Path file, INDArray scenes, int height, int width, AttentionWindow[][] windows,
                             int rows, int cols, int zoom) {
        check("scenes", scenes, rows * cols, height, width, windows, zoom);
        float[] v = flat(scenes, rows * cols, height * width);
        BufferedImage img = canvas(rows, cols, height, width, zoom, 1);
        for (int k = 0; k < rows * cols; k++) {
            int x0 = tileX(k % cols, width, zoom, 1), y0 = tileY(k / cols, height, zoom);
            tile(img, v, k, x0, y0, height, width, zoom, windows[k]);
        }
        return save(img, file);
    }

    /**
     * Writes pairs (scene \(k\), reconstruction \(k\)) side by side for \(k \in [0, \mathit{rows}
     * \cdot \mathit{pairsPerRow})\), a wider gap between pairs, with the boxes {@code windows[k]}
     * drawn on both. {@code reconstructions} has the shape of {@code scenes}. Returns {@code file}.
     */
    public static Path writePairs(Path file, INDArray scenes, INDArray reconstructions, int height, int width,
                                  AttentionWindow[][] windows, int rows, int pairsPerRow, int zoom) {
        int n = rows * pairsPerRow;
        check("scenes", scenes, n, height, width, windows, zoom);
        check("reconstructions", reconstructions, n, height, width, windows, zoom);
        float[] orig = flat(scenes, n, height * width), recon = flat(reconstructions, n, height * width);
        BufferedImage img = canvas(rows, 2 * pairsPerRow, height, width, zoom, 2);
        for (int k = 0; k < n; k++) {
            int c = 2 * (k % pairsPerRow), y0 = tileY(k / pairsPerRow, height, zoom);
            tile(img, orig, k, tileX(c, width, zoom, 2), y0, height, width, zoom, windows[k]);
            tile(img, recon, k, tileX(c + 1, width, zoom, 2), y0, height, width, zoom, windows[k]);
        }
        return save(img, file);
    }

    private static void check(String what, INDArray images, int n, int height, int width, AttentionWindow[][] windows, int zoom) {
        if (n <= 0 || zoom <= 0 || height <= 0 || width <= 0 || images.rank() != 2 || images.size(0) < n
                || images.size(1) != (long) height * width || windows.length < n) {
            throw new IllegalArgumentException("SceneBoxes: need " + n + " " + what + " of " + height + "x" + width
                    + " pixels, as many window lists and a positive zoom; got " + what + " of shape "
                    + Arrays.toString(images.shape()) + ", " + windows.length + " window lists, zoom " + zoom);
        }
    }

    private static float[] flat(INDArray images, int n, int d) {
        INDArray first = images.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        return first.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** Screen column of tile column {@code c}; with {@code group} 2, pairs of tiles are set apart by {@link #PAIR_GAP}. */
    private static int tileX(int c, int width, int zoom, int group) {
        return GAP + c * (width * zoom + GAP) + (c / group) * (group == 1 ? 0 : PAIR_GAP);
    }

    private static int tileY(int r, int height, int zoom) {
        return GAP + r * (height * zoom + GAP);
    }

    private static BufferedImage canvas(int rows, int cols, int height, int width, int zoom, int group) {
        int w = tileX(cols, width, zoom, group) - (group == 1 ? 0 : PAIR_GAP), h = tileY(rows, height, zoom);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int grey = new Color(GAP_LEVEL, GAP_LEVEL, GAP_LEVEL).getRGB();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, grey);
            }
        }
        return img;
    }

    private static void tile(BufferedImage img, float[] v, int k, int x0, int y0, int height, int width, int zoom,
                             AttentionWindow[] windows) {
        int d = height * width;
        for (int p = 0; p < d; p++) {
            int level = Math.round(255 * (1 - Math.max(0f, Math.min(1f, v[k * d + p]))));
            fill(img, x0 + (p % width) * zoom, y0 + (p / width) * zoom, zoom, zoom, new Color(level, level, level).getRGB());
        }
        for (int t = 0; t < windows.length; t++) {
            if (windows[t] != null) {
                box(img, windows[t].pixels(height, width), x0, y0, height, width, zoom, colour(t).getRGB());
            }
        }
    }

    /** The outline of the covered block, clipped to the canvas: each edge only when it lies on the canvas. */
    private static void box(BufferedImage img, AttentionWindow.PixelBox b, int x0, int y0, int height, int width, int zoom, int rgb) {
        int c0 = Math.max(b.firstColumn(), 0), c1 = Math.min(b.lastColumn(), width - 1);
        int r0 = Math.max(b.firstRow(), 0), r1 = Math.min(b.lastRow(), height - 1);
        if (c0 > c1 || r0 > r1) {
            return;
        }
        int left = x0 + c0 * zoom, right = x0 + (c1 + 1) * zoom - 1, top = y0 + r0 * zoom, bottom = y0 + (r1 + 1) * zoom - 1;
        if (b.firstColumn() >= 0) {
            fill(img, left, top, 1, bottom - top + 1, rgb);
        }
        if (b.lastColumn() <= width - 1) {
            fill(img, right, top, 1, bottom - top + 1, rgb);
        }
        if (b.firstRow() >= 0) {
            fill(img, left, top, right - left + 1, 1, rgb);
        }
        if (b.lastRow() <= height - 1) {
            fill(img, left, bottom, right - left + 1, 1, rgb);
        }
    }

    private static void fill(BufferedImage img, int x, int y, int w, int h, int rgb) {
        for (int dy = 0; dy < h; dy++) {
            for (int dx = 0; dx < w; dx++) {
                img.setRGB(x + dx, y + dy, rgb);
            }
        }
    }

    private static Path save(BufferedImage img, Path file) {
        return ImageGrid.writePng(img, file);
    }
}
