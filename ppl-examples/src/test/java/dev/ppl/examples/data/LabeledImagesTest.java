package dev.ppl.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pairs of images and labels files that do not belong together are rejected naming both files. */
class LabeledImagesTest {
    @TempDir
    Path dir;

    private IdxReader.IdxArray read(String name, int... dims) throws IOException {
        return IdxReader.read(IdxReaderTest.write(dir.resolve(name), IdxReaderTest.idx(dims), false));
    }

    @Test
    void labelCountOtherThanTheImageCountNamesBothFiles() throws IOException {
        IdxReader.IdxArray images = read("train-images-idx3-ubyte", 5, 2, 2);
        IdxReader.IdxArray labels = read("train-labels-idx1-ubyte", 4);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> LabeledImages.of(images, labels));
        assertEquals(labels.source(), e.file());
        assertEquals("malformed IDX file " + labels.source() + ": the label count (dimension 0) is 4, expected 5, the image count of "
                + images.source() + "; use the labels file that belongs to these images (both from the same download)", e.getMessage());
    }

    @Test
    void imagesAndLabelsFilesGivenTheWrongWayRoundNameTheFileAndItsRank() throws IOException {
        IdxReader.IdxArray images = read("images", 5, 2, 2);
        IdxReader.IdxArray labels = read("labels", 5);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> LabeledImages.of(labels, images));
        assertEquals(labels.source(), e.file());
        assertTrue(e.getMessage().contains("the rank (byte 3) is 1, dimensions [5], expected 3 for an images file"), e.getMessage());
        e = assertThrows(IdxFormatException.class, () -> LabeledImages.of(images, images));
        assertTrue(e.getMessage().contains("is 3, dimensions [5, 2, 2], expected 1 for a labels file"), e.getMessage());
    }

    @Test
    void testImagesOfAnotherSizeThanTheTrainingImagesNameBothFiles() throws IOException {
        read("train-images-idx3-ubyte", 5, 2, 2);
        read("train-labels-idx1-ubyte", 5);
        read("t10k-images-idx3-ubyte", 3, 3, 2);
        read("t10k-labels-idx1-ubyte", 3);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> ImageData.fromDirectory(dir));
        assertTrue(e.getMessage().contains(dir.resolve("t10k-images-idx3-ubyte") + ": the image size (dimensions 1 and 2) is 3x2, "
                + "expected 2x2, the image size of " + dir.resolve("train-images-idx3-ubyte")), e.getMessage());
    }

    @Test
    void rowsAreCopiedWithTheirLabels() throws IOException {
        LabeledImages all = LabeledImages.of(read("i", 4, 1, 2), read("l", 4));
        LabeledImages middle = all.rows(1, 3);
        assertEquals(2, middle.size());
        assertEquals(all.labels()[1], middle.labels()[0]);
        assertEquals(all.pixels().getDouble(2, 1), middle.pixels().getDouble(1, 1), 0.0);
    }
}
