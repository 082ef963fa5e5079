package dev.ppl.examples.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ppl.examples.images.AttentionWindow.Convention;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Boxes land on the pixels their window covers: the PNG is read back and the colours checked on
 * the edges, inside and just outside. The window of step 0 is z_where = (0.4, -0.2, 0.32) in the
 * scale-and-centre convention on a 50 x 50 canvas: columns 10..29, rows 23..42.
 */
class SceneBoxesTest {
    private static final int WHITE = Color.WHITE.getRGB();
    private static final int RED = SceneBoxes.colour(0).getRGB();
    private static final int GREEN = SceneBoxes.colour(1).getRGB();

    @TempDir
    Path dir;

    private static AttentionWindow step0() {
        return Convention.SCALE_AND_CENTRE.window(0.4, -0.2, 0.32);
    }

    private BufferedImage read(Path f) throws IOException {
        return ImageIO.read(f.toFile());
    }

    @Test
    void aBoxIsDrawnOnTheEdgesOfTheCoveredPixelsOfItsTile() throws IOException {
        INDArray blank = Nd4j.zeros(DataType.FLOAT, 2, 2500);
        AttentionWindow[][] windows = {{}, {step0(), null}};
        BufferedImage img = read(SceneBoxes.write(dir.resolve("b.png"), blank, 50, 50, windows, 1, 2, 1));
        assertEquals(2 * 51 + 1, img.getWidth());
        assertEquals(52, img.getHeight());
        int x0 = 1 + 51, y0 = 1; // the second tile
        for (int row = 23; row <= 42; row++) {
            assertEquals(RED, img.getRGB(x0 + 10, y0 + row), "left edge, row " + row);
            assertEquals(RED, img.getRGB(x0 + 29, y0 + row), "right edge, row " + row);
            assertEquals(WHITE, img.getRGB(x0 + 9, y0 + row), "left of the box, row " + row);
            assertEquals(WHITE, img.getRGB(x0 + 30, y0 + row), "right of the box, row " + row);
        }
        for (int col = 10; col <= 29; col++) {
            assertEquals(RED, img.getRGB(x0 + col, y0 + 23), "top edge, column " + col);
            assertEquals(RED, img.getRGB(x0 + col, y0 + 42), "bottom edge, column " + col);
            assertEquals(WHITE, img.getRGB(x0 + col, y0 + 22), "above the box, column " + col);
            assertEquals(WHITE, img.getRGB(x0 + col, y0 + 43), "below the box, column " + col);
        }
        assertEquals(WHITE, img.getRGB(x0 + 20, y0 + 30), "inside the box");
        for (int y = 1; y < 51; y++) {
            for (int x = 1; x < 51; x++) {
                assertEquals(WHITE, img.getRGB(x, y), "the first tile has no box, at " + x + ", " + y);
            }
        }
    }

    @Test
    void zoomedBoxesOutlineTheZoomedBlockAndStepsHaveTheirColours() throws IOException {
        INDArray ink = Nd4j.ones(DataType.FLOAT, 1, 2500);
        AttentionWindow[][] windows = {{step0(), Convention.PYRO.window(2.5, 0.5, -0.8 + 0.4)}};
        BufferedImage img = read(SceneBoxes.write(dir.resolve("z.png"), ink, 50, 50, windows, 1, 1, 2));
        int x0 = 1, y0 = 1;
        assertEquals(RED, img.getRGB(x0 + 2 * 10, y0 + 2 * 40), "left edge, first screen column of column 10");
        assertEquals(Color.BLACK.getRGB(), img.getRGB(x0 + 2 * 10 + 1, y0 + 2 * 40), "the second screen column of column 10 is ink");
        assertEquals(Color.BLACK.getRGB(), img.getRGB(x0 + 2 * 10 - 1, y0 + 2 * 40), "column 9 is ink");
        assertEquals(RED, img.getRGB(x0 + 2 * 29 + 1, y0 + 2 * 40 + 1), "right edge, last screen column of column 29");
        assertEquals(Color.BLACK.getRGB(), img.getRGB(x0 + 2 * 29, y0 + 2 * 40), "the first screen column of column 29 is ink");
        assertEquals(RED, img.getRGB(x0 + 2 * 15, y0 + 2 * 42 + 1), "bottom edge, last screen row of row 42");
        // step 1: centre (-0.2, 0.16), half size 0.4: columns 10..29, rows 19..38, drawn over step 0
        assertEquals(GREEN, img.getRGB(x0 + 2 * 15, y0 + 2 * 19), "top edge of step 1");
        assertEquals(GREEN, img.getRGB(x0 + 2 * 10, y0 + 2 * 30), "step 1's left edge covers step 0's");
        assertEquals(RED, img.getRGB(x0 + 2 * 10, y0 + 2 * 41), "step 0's left edge below step 1's box");
    }

    @Test
    void edgesOutsideTheCanvasAreClippedAway() throws IOException {
        INDArray blank = Nd4j.zeros(DataType.FLOAT, 1, 2500);
        // columns 42..52 and rows -5..4 on 50 x 50: only the left and bottom edges lie on the canvas
        AttentionWindow[][] windows = {{Convention.SCALE_AND_CENTRE.window(0.2, 0.9, -1.0)}};
        BufferedImage img = read(SceneBoxes.write(dir.resolve("c.png"), blank, 50, 50, windows, 1, 1, 1));
        assertEquals(RED, img.getRGB(1 + 42, 1 + 0), "left edge at the top row");
        assertEquals(RED, img.getRGB(1 + 49, 1 + 4), "bottom edge at the last column");
        assertEquals(WHITE, img.getRGB(1 + 49, 1 + 5), "below the bottom edge");
        assertEquals(WHITE, img.getRGB(1 + 49, 1 + 0), "no right edge on the last column");
        assertEquals(WHITE, img.getRGB(1 + 45, 1 + 0), "no top edge on the first row");
        assertEquals(new Color(160, 160, 160).getRGB(), img.getRGB(1 + 50, 1 + 4), "nothing drawn on the gap");
    }

    @Test
    void pairsShowSceneAndReconstructionSideBySideWithTheBoxesOnBoth() throws IOException {
        INDArray scenes = Nd4j.zeros(DataType.FLOAT, 2, 2500), recon = Nd4j.ones(DataType.FLOAT, 2, 2500);
        AttentionWindow[][] windows = {{step0()}, {}};
        BufferedImage img = read(SceneBoxes.writePairs(dir.resolve("p.png"), scenes, recon, 50, 50, windows, 1, 2, 1));
        assertEquals(1 + 4 * 51 + 4, img.getWidth(), "four tiles and one wider gap between the pairs");
        assertEquals(WHITE, img.getRGB(1 + 5, 1 + 5), "scene 0");
        assertEquals(Color.BLACK.getRGB(), img.getRGB(1 + 51 + 5, 1 + 5), "reconstruction 0 beside it");
        assertEquals(RED, img.getRGB(1 + 10, 1 + 30), "box on scene 0");
        assertEquals(RED, img.getRGB(1 + 51 + 10, 1 + 30), "box on reconstruction 0");
        assertEquals(Color.BLACK.getRGB(), img.getRGB(1 + 3 * 51 + 4 + 10, 1 + 30), "no box on reconstruction 1");
    }

    @Test
    void tooFewScenesOrWindowListsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SceneBoxes.write(dir.resolve("x.png"),
                Nd4j.zeros(DataType.FLOAT, 3, 2500), 50, 50, new AttentionWindow[4][0], 2, 2, 1));
        assertEquals("SceneBoxes: need 4 scenes of 50x50 pixels, as many window lists and a positive zoom; got scenes of shape "
                + "[3, 2500], 4 window lists, zoom 1", e.getMessage());
    }
}
