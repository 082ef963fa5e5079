package dev.ppl.examples.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-MNIST, the data of "Attend, Infer, Repeat" (Eslami et al. 2016) as Pyro's
 * {@code multi_mnist} generator makes it: 50 x 50 scenes of 0, 1 or 2 MNIST digits, with the
 * number of digits and their labels, split into a training set (the first scenes) and a held-out
 * set (the last {@link #HELD_OUT}). Three files, embedded as resources or in a directory given with
 * {@code --data DIR}:
 * <ul>
 *   <li>{@value #IMAGES_FILE}: IDX, {@code [n, height, width]} unsigned bytes, the grey levels;</li>
 *   <li>{@value #COUNTS_FILE}: IDX, {@code [n]} unsigned bytes, the digits per scene, each 0 to
 *       {@value #MAX_OBJECTS};</li>
 *   <li>{@value #LABELS_FILE}: text, line \(i + 1\) the labels of scene \(i\), space separated
 *       (empty for no digit).</li>
 * </ul>
 * In a directory each file may also be given uncompressed, without {@code .gz} (compression is
 * detected from the content). The three files must agree: as many counts and label lines as
 * images, each count in \(\{0, \dots, \mathit{MAX\_OBJECTS}\}\) and equal to the number of labels
 * on its line. Every violation is an {@link IdxFormatException} naming the file and the record.
 *
 * <p>The embedded data (12,000 scenes, 3977 / 4075 / 3948 with 0 / 1 / 2 digits, made from the
 * embedded MNIST subset with seed 681307) splits 10,000 / 2,000.
 *
 * @param train the training scenes
 * @param heldOut the held-out scenes
 * @param source where they came from, for messages
 */
public record MultiMnist(Scenes train, Scenes heldOut, String source) {
    /** The images file name. */
    public static final String IMAGES_FILE = "multi-mnist-images-idx3-ubyte.gz";
    /** The counts file name. */
    public static final String COUNTS_FILE = "multi-mnist-counts-idx1-ubyte.gz";
    /** The labels file name. */
    public static final String LABELS_FILE = "multi-mnist-labels.txt.gz";
    /** The largest number of digits in a scene. */
    public static final int MAX_OBJECTS = 2;
    /** The number of held-out scenes: the last 2,000. */
    public static final int HELD_OUT = 2000;
    /** The number of training scenes in the embedded data. */
    public static final int EMBEDDED_TRAIN = 10_000;

    /** The embedded 12,000 scenes, split 10,000 / 2,000. */
    public static MultiMnist embedded() {
        IdxReader.IdxArray images = resource(IMAGES_FILE);
        if (images.count() != EMBEDDED_TRAIN + HELD_OUT) {
            throw new IllegalStateException("embedded multi-MNIST: expected " + (EMBEDDED_TRAIN + HELD_OUT)
                    + " images, found " + images.count());
        }
        IdxReader.IdxArray counts = resource(COUNTS_FILE);
        String labels = "embedded resource /" + LABELS_FILE;
        try (InputStream in = open("/" + LABELS_FILE)) {
            return split(images, counts, in, labels, HELD_OUT, "embedded multi-MNIST");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The three files in {@code dir}, the last {@link #HELD_OUT} scenes held out. */
    public static MultiMnist fromDirectory(Path dir) {
        return fromDirectory(dir, HELD_OUT);
    }

    /**
     * The three files in {@code dir}, the last {@code heldOut} scenes held out.
     *
     * @throws IllegalArgumentException if {@code dir} is not a directory, a file is missing, or
     *     there are not more than {@code heldOut} scenes
     * @throws IdxFormatException if a file is malformed or the files disagree
     */
    public static MultiMnist fromDirectory(Path dir, int heldOut) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data: not a directory: " + dir + " (give the directory holding "
                    + IMAGES_FILE + ", " + COUNTS_FILE + " and " + LABELS_FILE + ")");
        }
        IdxReader.IdxArray images = IdxReader.read(find(dir, IMAGES_FILE));
        IdxReader.IdxArray counts = IdxReader.read(find(dir, COUNTS_FILE));
        Path labels = find(dir, LABELS_FILE);
        try (InputStream in = Files.newInputStream(labels)) {
            return split(images, counts, in, labels.toString(), heldOut, dir.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("data file not found: " + labels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + labels + ": " + e.getMessage(), e);
        }
    }

    /** Checks the three files against each other and splits off the last {@code heldOut} scenes. */
    private static MultiMnist split(IdxReader.IdxArray images, IdxReader.IdxArray counts, InputStream labelsText,
                                    String labelsName, int heldOut, String source) {
        int[] c = counts(images, counts);
        int[][] labels = SceneLabels.read(labelsText, labelsName, c, counts.source());
        int n = images.count();
        if (heldOut <= 0 || heldOut >= n) {
            throw new IllegalArgumentException("multi-MNIST: cannot hold out " + heldOut + " of the " + n + " scenes of "
                    + images.source() + "; the held-out count must be in [1, " + (n - 1) + "]");
        }
        int h = images.dims()[1], w = images.dims()[2];
        Scenes train = scenes(images, c, labels, 0, n - heldOut, h, w);
        Scenes held = scenes(images, c, labels, n - heldOut, n, h, w);
        return new MultiMnist(train, held, source + " (" + train.size() + " train / " + held.size() + " held out)");
    }

    /** The counts, after checking the ranks, that the counts match the images, and each count's range. */
    private static int[] counts(IdxReader.IdxArray images, IdxReader.IdxArray counts) {
        if (images.dims().length != 3) {
            throw new IdxFormatException(images.source(), "the rank (byte 3)", images.dims().length + ", dimensions "
                    + Arrays.toString(images.dims()), "3 for an images file [count, height, width]",
                    "give the images file (" + IMAGES_FILE + ") here");
        }
        if (counts.dims().length != 1) {
            throw new IdxFormatException(counts.source(), "the rank (byte 3)", counts.dims().length + ", dimensions "
                    + Arrays.toString(counts.dims()), "1 for a counts file [count]", "give the counts file (" + COUNTS_FILE + ") here");
        }
        if (counts.count() != images.count()) {
            throw new IdxFormatException(counts.source(), "the number of counts (dimension 0)", String.valueOf(counts.count()),
                    images.count() + ", the image count of " + images.source(),
                    "use the counts file that belongs to these images (all three files from one generator run)");
        }
        int[] c = new int[counts.count()];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.unsigned(i);
            if (c[i] > MAX_OBJECTS) {
                throw new IdxFormatException(counts.source(), "the count of image " + i + " (value " + i + " after the 8-byte header)",
                        String.valueOf(c[i]), "0 to " + MAX_OBJECTS + " digits", "the file is damaged, or not a multi-MNIST counts file");
            }
        }
        return c;
    }

    /** Scenes {@code [from, to)}, grey levels \(v / 255\) straight from the bytes (no intermediate copy of all scenes). */
    private static Scenes scenes(IdxReader.IdxArray images, int[] counts, int[][] labels, int from, int to, int h, int w) {
        int d = h * w;
        float[] v = new float[Math.multiplyExact(to - from, d)];
        for (int i = 0; i < v.length; i++) {
            v[i] = images.unsigned((long) from * d + i) / 255f;
        }
        return Scenes.of(Nd4j.create(v, new long[] {to - from, d}, 'c'), Arrays.copyOfRange(counts, from, to),
                Arrays.copyOfRange(labels, from, to), h, w);
    }

    private static Path find(Path dir, String name) {
        String plain = name.substring(0, name.length() - ".gz".length());
        for (String candidate : new String[] {name, plain}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--data: missing " + name + " (or " + plain + ") in " + dir
                + " (the multi-MNIST files: " + IMAGES_FILE + ", " + COUNTS_FILE + ", " + LABELS_FILE + ")");
    }

    private static IdxReader.IdxArray resource(String file) {
        try (InputStream in = open("/" + file)) {
            return IdxReader.read(in, "embedded resource /" + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = MultiMnist.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("embedded data set missing from the classpath: " + name);
        }
        return in;
    }
}
