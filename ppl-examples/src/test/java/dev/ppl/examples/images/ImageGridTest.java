package dev.ppl.examples.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ImageGridTest {
    @TempDir
    Path dir;

    @Test
    void gridHasTheTileLayoutAndDrawsInkDarkOnWhite() throws IOException {
        float[] v = new float[6 * 4];
        v[0] = 1f; // first pixel of the first tile: full ink
        Path f = ImageGrid.write(dir.resolve("g.png"), Nd4j.create(v, new long[] {6, 4}, 'c'), 2, 3, 2, 2, 3);
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img);
        assertEquals(3 * (2 * 3 + 1) + 1, img.getWidth());
        assertEquals(2 * (2 * 3 + 1) + 1, img.getHeight());
        assertEquals(0, img.getRaster().getSample(1, 1, 0), "ink is black");
        assertEquals(255, img.getRaster().getSample(4, 1, 0), "no ink is white");
    }

    @Test
    void tooFewImagesAreRejectedWithTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.write(dir.resolve("x.png"), Nd4j.zeros(DataType.FLOAT, 3, 4), 2, 2, 2, 2, 1));
        assertEquals("ImageGrid: need 4 images of 4 pixels, got shape [3, 4]", e.getMessage());
    }

    @Test
    void trainingCurveIsADecodablePng() throws IOException {
        Path f = TrainingCurve.write(dir.resolve("c.png"), "t", "train", List.of(-200.0, -150.0, Double.NaN),
                "test", List.of(-190.0, -160.0, -140.0), 1);
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img);
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
    }
}
