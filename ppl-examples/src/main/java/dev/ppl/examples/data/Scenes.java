package dev.ppl.examples.data;

import dev.ppl.vi.train.Minibatches;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Grey-level scenes of several objects, with the number of objects in each and their labels: the
 * data of "Attend, Infer, Repeat" (Eslami et al. 2016). Image \(i\) is row \(i\) of a float32
 * matrix of shape {@code [n, height * width]}, pixel (row \(r\), column \(c\)) at column
 * \(r \cdot \mathit{width} + c\) (row-major, like {@link LabeledImages}), with values
 * \(v / 255 \in [0, 1]\) for stored bytes \(v\); {@code pixels().reshape(n, height, width)} gives the
 * {@code [n, height, width]} view.
 *
 * <p>Immutable: the accessors of the counts and labels return copies. {@link #pixels()} returns
 * the stored matrix itself (copying 100 MB per call would defeat training loops): treat it as
 * read-only. {@link #rows}, {@link #select} and {@link #image} return copies.
 */
public final class Scenes {
    private final INDArray pixels;
    private final int[] counts;
    private final int[][] labels;
    private final int height;
    private final int width;

    private Scenes(INDArray pixels, int[] counts, int[][] labels, int height, int width) {
        this.pixels = pixels;
        this.counts = counts;
        this.labels = labels;
        this.height = height;
        this.width = width;
    }

    /**
     * Scenes from their pixels (float32, shape {@code [n, height * width]}, kept, not copied),
     * object counts and labels (copied).
     *
     * @throws IllegalArgumentException if the shapes disagree, a count is negative, or the labels
     *     of an image are not as many as its count
     */
    public static Scenes of(INDArray pixels, int[] counts, int[][] labels, int height, int width) {
        if (pixels.rank() != 2 || pixels.dataType() != DataType.FLOAT || pixels.size(0) != counts.length
                || labels.length != counts.length || pixels.size(1) != (long) height * width) {
            throw new IllegalArgumentException("Scenes: need float32 pixels of shape [n, " + height + " * " + width
                    + "] and n counts and label lists, got " + pixels.dataType() + " pixels of shape "
                    + Arrays.toString(pixels.shape()) + ", " + counts.length + " counts, " + labels.length + " label lists");
        }
        int[][] copied = new int[labels.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0 || labels[i].length != counts[i]) {
                throw new IllegalArgumentException("Scenes: image " + i + " has count " + counts[i] + " and labels "
                        + Arrays.toString(labels[i]) + "; the count must be non-negative and equal the number of labels");
            }
            copied[i] = labels[i].clone();
        }
        return new Scenes(pixels, counts.clone(), copied, height, width);
    }

    /** The number of scenes \(n\). */
    public int size() {
        return counts.length;
    }

    /** The image height in pixels. */
    public int height() {
        return height;
    }

    /** The image width in pixels. */
    public int width() {
        return width;
    }

    /** The images, float32 {@code [n, height * width]}: the stored matrix, not a copy; do not modify it. */
    public INDArray pixels() {
        return pixels;
    }

    /** Image {@code i} as a float32 {@code [height, width]} matrix, a copy. */
    public INDArray image(int i) {
        checkIndex(i);
        return pixels.getRow(i).dup('c').reshape(height, width);
    }

    /** The number of objects in image {@code i}. */
    public int count(int i) {
        checkIndex(i);
        return counts[i];
    }

    /** The number of objects in each image, a copy. */
    public int[] counts() {
        return counts.clone();
    }

    /** The labels of the objects in image {@code i} ({@code count(i)} of them), a copy. */
    public int[] labels(int i) {
        checkIndex(i);
        return labels[i].clone();
    }

    /** Entry \(k\) is the number of images holding \(k\) objects, for \(k = 0, \dots, \max_i \mathit{count}_i\). */
    public int[] countFrequencies() {
        int[] f = new int[Arrays.stream(counts).max().orElse(0) + 1];
        for (int c : counts) {
            f[c]++;
        }
        return f;
    }

    /** Scenes {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public Scenes rows(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("Scenes.rows: need 0 <= from < to <= " + size() + ", got [" + from + ", " + to + ")");
        }
        INDArray p = pixels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
        return new Scenes(p, Arrays.copyOfRange(counts, from, to), Arrays.copyOfRange(labels, from, to), height, width);
    }

    /**
     * The scenes at {@code indices}, in that order (repeats allowed), copied: the minibatch of a
     * training loop, e.g. {@code select(minibatches.indices(step))}.
     */
    public Scenes select(int... indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("Scenes.select: no indices given");
        }
        int[] c = new int[indices.length];
        int[][] l = new int[indices.length][];
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= size()) {
                throw new IllegalArgumentException("Scenes.select: index " + indices[k] + " at position " + k
                        + " is outside [0, " + size() + ")");
            }
            c[k] = counts[indices[k]];
            l[k] = labels[indices[k]];
        }
        return new Scenes(pixels.getRows(indices), c, l, height, width);
    }

    /**
     * Reproducibly shuffled minibatches of {@code batchSize} scenes, reshuffled every epoch from
     * {@code seed} (see {@link Minibatches}: {@code batch(step)} gives the pixels with the
     * subsampling scale \(n / m\), {@code indices(step)} the scene indices for {@link #select}).
     */
    public Minibatches minibatches(int batchSize, long seed) {
        return new Minibatches(pixels, batchSize, seed);
    }

    @Override
    public String toString() {
        return "Scenes[" + size() + " images of " + height + "x" + width + ", count frequencies "
                + Arrays.toString(countFrequencies()) + "]";
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("Scenes: image " + i + " is outside [0, " + size() + ")");
        }
    }
}
