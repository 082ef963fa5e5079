package dev.ppl.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded multi-MNIST files are the published ones (SHA-256 of
 * {@code shared/data/multi-mnist/README.md}) and load with the documented counts; directories of
 * the three files load the same way, and a truncated or mismatched file is named in the error
 * with the offending record.
 */
class MultiMnistTest {
    private static MultiMnist embedded;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        embedded = MultiMnist.embedded();
    }

    @Test
    void embeddedResourcesHaveTheSha256OfTheDataReadme() throws IOException, NoSuchAlgorithmException {
        assertEquals("7285ded3a10166ce9e3257fbdbe713589098b3d522eb59291e49336f81a73f6d", sha256(MultiMnist.IMAGES_FILE));
        assertEquals("93285ad37101c0f576b30cc9b7ab29fbcef435f1c158175e809b40df332cb6fe", sha256(MultiMnist.COUNTS_FILE));
        assertEquals("39e10b13f7427e49f59045d8d7a20d9c634082fe494c717f7ae10bf20e1bc818", sha256(MultiMnist.LABELS_FILE));
    }

    @Test
    void embeddedDataHas12000ScenesSplit10000And2000WithTheDocumentedCounts() {
        assertEquals(10_000, embedded.train().size());
        assertEquals(2_000, embedded.heldOut().size());
        assertEquals(50, embedded.train().height());
        assertEquals(50, embedded.train().width());
        int[] train = embedded.train().countFrequencies(), held = embedded.heldOut().countFrequencies();
        assertArrayEquals(new int[] {3977, 4075, 3948}, new int[] {train[0] + held[0], train[1] + held[1], train[2] + held[2]});
        assertArrayEquals(new int[] {686, 679, 635}, held);
        assertEquals("embedded multi-MNIST (10000 train / 2000 held out)", embedded.source());
    }

    @Test
    void labelsAreDigitsAsManyAsTheCountAndMatchTheFirstLinesOfTheFile() {
        for (Scenes s : new Scenes[] {embedded.train(), embedded.heldOut()}) {
            for (int i = 0; i < s.size(); i++) {
                int[] l = s.labels(i);
                assertEquals(s.count(i), l.length, "image " + i);
                assertTrue(Arrays.stream(l).allMatch(d -> d >= 0 && d <= 9), "image " + i + ": " + Arrays.toString(l));
            }
        }
        // the file begins "\n\n\n7\n2\n0 6\n" and ends "\n\n2\n"
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2}, Arrays.copyOf(embedded.train().counts(), 6));
        assertArrayEquals(new int[] {7}, embedded.train().labels(3));
        assertArrayEquals(new int[] {0, 6}, embedded.train().labels(5));
        assertArrayEquals(new int[] {2}, embedded.heldOut().labels(1999));
    }

    @Test
    void pixelsAreGreyLevelsInTheUnitIntervalEmptyScenesSumToExactlyZero() {
        long total = 0;
        for (Scenes s : new Scenes[] {embedded.train(), embedded.heldOut()}) {
            float[] v = s.pixels().data().asFloat();
            int d = s.height() * s.width();
            for (int i = 0; i < s.size(); i++) {
                long ink = 0;
                for (int p = i * d; p < (i + 1) * d; p++) {
                    int level = Math.round(v[p] * 255);
                    assertTrue(level >= 0 && level <= 255 && v[p] == level / 255f, "image " + i + " has the value " + v[p]);
                    ink += level;
                }
                if (s.count(i) == 0) {
                    assertEquals(0, ink, "image " + i + " has no digit");
                } else {
                    assertTrue(ink >= 3071, "image " + i + " has " + s.count(i) + " digits but ink " + ink);
                }
                total += ink;
            }
        }
        // the sum of all 30,000,000 grey levels 0..255 of the file, computed with NumPy; the least ink of a scene with digits is 3071
        assertEquals(179_892_904L, total);
    }

    @Test
    void aDirectoryOfTheThreeFilesLoadsGzippedOrPlainWithTheHeldOutSplit() throws IOException {
        writeScenes(dir, new int[] {0, 1, 2, 1, 0}, "\n3\n4 5\n9\n\n", true);
        MultiMnist m = MultiMnist.fromDirectory(dir, 2);
        assertEquals(3, m.train().size());
        assertEquals(2, m.heldOut().size());
        assertArrayEquals(new int[] {4, 5}, m.train().labels(2));
        assertArrayEquals(new int[] {9}, m.heldOut().labels(0));
        assertEquals(37 / 255.0, m.train().pixels().getDouble(0, 1), 1e-6);
        assertEquals(((6 * 3) * 37 % 256) / 255.0, m.heldOut().pixels().getDouble(0, 0), 1e-6);

        Path plain = Files.createDirectory(dir.resolve("plain"));
        writeScenes(plain, new int[] {2, 0, 1}, "1 1\n\n0", false);
        MultiMnist p = MultiMnist.fromDirectory(plain, 1);
        assertArrayEquals(new int[] {1, 1}, p.train().labels(0));
        assertArrayEquals(new int[] {0}, p.heldOut().labels(0));
    }

    @Test
    void aTruncatedImagesFileIsNamed() throws IOException {
        copyEmbedded(dir);
        byte[] images = Files.readAllBytes(dir.resolve(MultiMnist.IMAGES_FILE));
        Files.write(dir.resolve(MultiMnist.IMAGES_FILE), Arrays.copyOf(images, images.length / 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MultiMnist.fromDirectory(dir));
        assertEquals(dir.resolve(MultiMnist.IMAGES_FILE).toString(), e.file());
        assertTrue(e.getMessage().contains("damaged or incomplete"), e.getMessage());
    }

    @Test
    void countsOfAnotherDataSetAreNamedWithTheImagesFile() throws IOException {
        writeScenes(dir, new int[] {0, 1, 2}, "\n1\n2 3\n", true);
        Files.write(dir.resolve(MultiMnist.COUNTS_FILE), gzip(idx(new int[] {4}, new int[] {0, 1, 2, 0})));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MultiMnist.fromDirectory(dir, 1));
        assertEquals("malformed IDX file " + dir.resolve(MultiMnist.COUNTS_FILE) + ": the number of counts (dimension 0) is 4, "
                + "expected 3, the image count of " + dir.resolve(MultiMnist.IMAGES_FILE)
                + "; use the counts file that belongs to these images (all three files from one generator run)", e.getMessage());
    }

    @Test
    void aCountOutsideZeroToTwoNamesTheImage() throws IOException {
        writeScenes(dir, new int[] {0, 1, 3}, "\n1\n2 3 4\n", true);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MultiMnist.fromDirectory(dir, 1));
        assertEquals(dir.resolve(MultiMnist.COUNTS_FILE).toString(), e.file());
        assertTrue(e.getMessage().contains("the count of image 2 (value 2 after the 8-byte header) is 3, expected 0 to 2 digits"),
                e.getMessage());
    }

    @Test
    void aLabelsLineThatDisagreesWithItsCountNamesTheLineAndBothFiles() throws IOException {
        writeScenes(dir, new int[] {0, 1, 2}, "\n1\n2\n", true);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MultiMnist.fromDirectory(dir, 1));
        assertEquals(dir.resolve(MultiMnist.LABELS_FILE).toString(), e.file());
        assertEquals("line 3 (image 2)", e.field());
        assertEquals("malformed text file " + dir.resolve(MultiMnist.LABELS_FILE) + ": line 3 (image 2) is \"2\" (1 label(s)), "
                + "expected 2 label(s), the count of image 2 in " + dir.resolve(MultiMnist.COUNTS_FILE)
                + "; use the labels file that belongs to these counts (all three files from one generator run)", e.getMessage());
    }

    @Test
    void aLabelThatIsNotADigitNamesTheLine() throws IOException {
        writeScenes(dir, new int[] {1, 1}, "7\n10\n", true);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MultiMnist.fromDirectory(dir, 1));
        assertTrue(e.getMessage().contains(": line 2 (image 1) is \"10\", expected digit labels 0 to 9 separated by single spaces"),
                e.getMessage());
    }

    @Test
    void aLabelsFileWithTooFewOrTooManyLinesIsNamed() throws IOException {
        writeScenes(dir, new int[] {0, 1, 1}, "\n4\n", true);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MultiMnist.fromDirectory(dir, 1));
        assertTrue(e.getMessage().contains(MultiMnist.LABELS_FILE + ": the number of lines is 2, expected 3, the image count of "
                + dir.resolve(MultiMnist.COUNTS_FILE) + "; the file is truncated"), e.getMessage());
        writeScenes(dir, new int[] {0, 1, 1}, "\n4\n5\n6\n", true);
        e = assertThrows(IdxFormatException.class, () -> MultiMnist.fromDirectory(dir, 1));
        assertTrue(e.getMessage().contains("the number of lines is 4, expected 3"), e.getMessage());
    }

    @Test
    void aTruncatedGzipLabelsFileIsNamed() throws IOException {
        copyEmbedded(dir);
        byte[] labels = Files.readAllBytes(dir.resolve(MultiMnist.LABELS_FILE));
        Files.write(dir.resolve(MultiMnist.LABELS_FILE), Arrays.copyOf(labels, labels.length - 100));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MultiMnist.fromDirectory(dir));
        assertEquals(dir.resolve(MultiMnist.LABELS_FILE).toString(), e.file());
        assertTrue(e.getMessage().startsWith("malformed text file " + dir.resolve(MultiMnist.LABELS_FILE) + ": the contents is unreadable"),
                e.getMessage());
    }

    @Test
    void aMissingFileOrDirectoryOrAnImpossibleSplitIsRejected() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultiMnist.fromDirectory(dir.resolve("nope")));
        assertTrue(e.getMessage().startsWith("--data: not a directory: " + dir.resolve("nope")), e.getMessage());
        writeScenes(dir, new int[] {0, 1}, "\n1\n", true);
        Files.delete(dir.resolve(MultiMnist.LABELS_FILE));
        e = assertThrows(IllegalArgumentException.class, () -> MultiMnist.fromDirectory(dir));
        assertTrue(e.getMessage().startsWith("--data: missing multi-mnist-labels.txt.gz (or multi-mnist-labels.txt) in " + dir),
                e.getMessage());
        writeScenes(dir, new int[] {0, 1}, "\n1\n", true);
        e = assertThrows(IllegalArgumentException.class, () -> MultiMnist.fromDirectory(dir));
        assertTrue(e.getMessage().contains("cannot hold out 2000 of the 2 scenes"), e.getMessage());
    }

    private static String sha256(String resource) throws IOException, NoSuchAlgorithmException {
        try (InputStream in = MultiMnist.class.getResourceAsStream("/" + resource)) {
            assertTrue(in != null, "resource /" + resource + " missing");
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }

    private static void copyEmbedded(Path target) throws IOException {
        for (String f : new String[] {MultiMnist.IMAGES_FILE, MultiMnist.COUNTS_FILE, MultiMnist.LABELS_FILE}) {
            try (InputStream in = MultiMnist.class.getResourceAsStream("/" + f)) {
                Files.write(target.resolve(f), in.readAllBytes());
            }
        }
    }

    /** Three files of {@code counts.length} 2x3 scenes with values {@code 37 k mod 256}, the given counts and labels text. */
    static void writeScenes(Path target, int[] counts, String labels, boolean gzip) throws IOException {
        int n = counts.length;
        int[] pixels = new int[n * 6];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = k * 37 % 256;
        }
        byte[][] contents = {idx(new int[] {n, 2, 3}, pixels), idx(new int[] {n}, counts), labels.getBytes(StandardCharsets.UTF_8)};
        String[] names = {MultiMnist.IMAGES_FILE, MultiMnist.COUNTS_FILE, MultiMnist.LABELS_FILE};
        for (int f = 0; f < 3; f++) {
            String name = gzip ? names[f] : names[f].replace(".gz", "");
            Files.write(target.resolve(name), gzip ? gzip(contents[f]) : contents[f]);
        }
    }

    static byte[] idx(int[] dims, int[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        for (int v : values) {
            out.writeByte(v);
        }
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bytes)) {
            o.write(content);
        }
        return bytes.toByteArray();
    }
}
