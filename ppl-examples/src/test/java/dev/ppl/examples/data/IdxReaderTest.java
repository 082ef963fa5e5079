package dev.ppl.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes with the given dimensions and values 0, 1, 2, ... (mod 256). */
    static byte[] idx(int[] dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        int total = 1;
        for (int d : dims) {
            out.writeInt(d);
            total *= d;
        }
        for (int i = 0; i < total; i++) {
            out.writeByte(i * 37 % 256);
        }
        out.flush();
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            o.write(content);
        }
        return file;
    }

    @Test
    void plainAndGzipFilesRoundTripDimensionsAndUnsignedValues() throws IOException {
        byte[] content = idx(new int[] {3, 2, 4});
        for (boolean gzip : new boolean[] {false, true}) {
            IdxReader.IdxArray a = IdxReader.read(write(dir.resolve("a" + gzip), content, gzip));
            assertArrayEquals(new int[] {3, 2, 4}, a.dims());
            assertEquals(3, a.count());
            assertEquals(8, a.itemSize());
            for (int i = 0; i < 24; i++) {
                assertEquals(i * 37 % 256, a.unsigned(i), "value " + i + (gzip ? " (gzip)" : ""));
            }
        }
    }

    @Test
    void imagesAndLabelsBecomeGreyLevelsInTheUnitInterval() throws IOException {
        IdxReader.IdxArray images = IdxReader.read(write(dir.resolve("i"), idx(new int[] {2, 2, 3}), true));
        IdxReader.IdxArray labels = IdxReader.read(write(dir.resolve("l"), idx(new int[] {2}), false));
        LabeledImages li = LabeledImages.of(images, labels);
        assertArrayEquals(new long[] {2, 6}, li.pixels().shape());
        assertEquals(37 / 255.0, li.pixels().getDouble(0, 1), 1e-6);
        assertArrayEquals(new int[] {0, 37}, li.labels());
        assertEquals(2, li.height());
        assertEquals(3, li.width());
    }

    @Test
    void arraysRememberTheFileTheyCameFrom() throws IOException {
        Path f = write(dir.resolve("labels.idx"), idx(new int[] {3}), false);
        assertEquals(f.toString(), IdxReader.read(f).source());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.gz");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.read(f));
        assertEquals("data file not found: " + f, e.getMessage());
    }

    @Test
    void embeddedSubsetSplitsEightThousandTrainAndTwoThousandTest() {
        ImageData d = ImageData.embedded();
        assertEquals(8000, d.train().size());
        assertEquals(2000, d.test().size());
        assertEquals(28, d.train().height());
        assertEquals(784, d.test().pixels().size(1));
        double max = d.train().pixels().maxNumber().doubleValue();
        assertEquals(1.0, max, 1e-6);
    }

    @Test
    void directoryWithMnistNamesIsRead() throws IOException {
        write(dir.resolve("train-images-idx3-ubyte.gz"), idx(new int[] {5, 2, 2}), true);
        write(dir.resolve("train-labels-idx1-ubyte.gz"), idx(new int[] {5}), true);
        write(dir.resolve("t10k-images-idx3-ubyte"), idx(new int[] {3, 2, 2}), false);
        write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new int[] {3}), false);
        ImageData d = ImageData.fromDirectory(dir);
        assertEquals(5, d.train().size());
        assertEquals(3, d.test().size());
    }

    @Test
    void directoryWithoutTheFilesNamesTheMissingOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageData.fromDirectory(dir));
        assertTrue(e.getMessage().contains("missing train-images-idx3-ubyte[.gz]"), e.getMessage());
    }
}
