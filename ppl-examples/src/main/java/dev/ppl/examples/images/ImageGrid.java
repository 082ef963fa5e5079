package dev.ppl.examples.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes grey-level images (rows of ink intensities in \([0, 1]\), drawn dark on white) as one
 * 8-bit grey PNG grid of {@code rows x cols} tiles, each tile {@code h x w} pixels
 * magnified {@code zoom} times, with a one-pixel gap between tiles.
 */
public final class ImageGrid {
    private ImageGrid() {}

    /**
     * Writes tiles {@code images[0..rows*cols)} (shape {@code [>= rows*cols, h*w]}) row by row to
     * {@code file}; returns {@code file}.
     */
    public static Path write(Path file, INDArray images, int rows, int cols, int h, int w, int zoom) {
        if (images.size(0) < (long) rows * cols || images.size(1) != (long) h * w) {
            throw new IllegalArgumentException("ImageGrid: need " + rows * cols + " images of " + h * w
                    + " pixels, got shape " + java.util.Arrays.toString(images.shape()));
        }
        int gap = 1;
        int width = cols * (w * zoom + gap) + gap, height = rows * (h * zoom + gap) + gap;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        float[] v = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        int d = h * w;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.getRaster().setSample(x, y, 0, 160);
            }
        }
        for (int t = 0; t < rows * cols; t++) {
            int x0 = gap + (t % cols) * (w * zoom + gap), y0 = gap + (t / cols) * (h * zoom + gap);
            for (int p = 0; p < d; p++) {
                float g = Math.max(0f, Math.min(1f, v[t * d + p]));
                int level = Math.round(255 * (1 - g));
                for (int dy = 0; dy < zoom; dy++) {
                    for (int dx = 0; dx < zoom; dx++) {
                        img.getRaster().setSample(x0 + (p % w) * zoom + dx, y0 + (p / w) * zoom + dy, 0, level);
                    }
                }
            }
        }
        return writePng(img, file);
    }

    /** Writes {@code img} as a PNG to {@code file}; returns {@code file}. */
    static Path writePng(BufferedImage img, Path file) {
        try {
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer available in javax.imageio");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
