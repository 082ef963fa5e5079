package dev.ppl.examples.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A train/test split of grey-level images: either the embedded 10,000-digit MNIST subset
 * (a fixed split, the first 8,000 digits for training and the last 2,000 for testing; the file
 * is already shuffled with a fixed seed) or a directory holding the standard IDX files of MNIST
 * or Fashion-MNIST ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each optionally {@code .gz}).
 *
 * @param train the training images
 * @param test the held-out images
 * @param source where they came from, for messages
 */
public record ImageData(LabeledImages train, LabeledImages test, String source) {
    /** The number of training images in the embedded subset. */
    public static final int EMBEDDED_TRAIN = 8000;
    /** The number of test images in the embedded subset. */
    public static final int EMBEDDED_TEST = 2000;
    private static final String IMAGES = "/mnist-10k-images-idx3-ubyte.gz";
    private static final String LABELS = "/mnist-10k-labels-idx1-ubyte.gz";

    /** The embedded MNIST subset, split 8,000 / 2,000. */
    public static ImageData embedded() {
        LabeledImages all = LabeledImages.of(resource(IMAGES), resource(LABELS));
        if (all.size() != EMBEDDED_TRAIN + EMBEDDED_TEST) {
            throw new IllegalStateException("embedded MNIST subset: expected 10000 images, found " + all.size());
        }
        return new ImageData(all.rows(0, EMBEDDED_TRAIN), all.rows(EMBEDDED_TRAIN, all.size()),
                "embedded MNIST subset (8000 train / 2000 test)");
    }

    /**
     * The full IDX files in {@code dir} (MNIST or Fashion-MNIST naming). Each pair of images and
     * labels must agree on the count, and train and test images on the image size; errors name
     * the files.
     */
    public static ImageData fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data: not a directory: " + dir
                    + " (give the directory holding the MNIST or Fashion-MNIST IDX files)");
        }
        IdxReader.IdxArray trainImages = IdxReader.read(find(dir, "train-images-idx3-ubyte"));
        LabeledImages train = LabeledImages.of(trainImages, IdxReader.read(find(dir, "train-labels-idx1-ubyte")));
        IdxReader.IdxArray testImages = IdxReader.read(find(dir, "t10k-images-idx3-ubyte"));
        LabeledImages test = LabeledImages.of(testImages, IdxReader.read(find(dir, "t10k-labels-idx1-ubyte")));
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new IdxFormatException(testImages.source(), "the image size (dimensions 1 and 2)",
                    test.height() + "x" + test.width(), train.height() + "x" + train.width() + ", the image size of "
                    + trainImages.source(), "use the train and test files of one data set");
        }
        return new ImageData(train, test, dir + " (" + train.size() + " train / " + test.size() + " test)");
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--data: missing " + base + "[.gz] in " + dir
                + " (download the MNIST or Fashion-MNIST IDX files into it)");
    }

    private static IdxReader.IdxArray resource(String name) {
        try (InputStream in = ImageData.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("embedded data set missing from the classpath: " + name);
            }
            return IdxReader.read(in, "embedded resource " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
