package dev.ppl.examples.data;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Grey-level images as rows of a float32 matrix, shape {@code [n, height * width]}, with values
 * \(v / 255 \in [0, 1]\) for stored bytes \(v\), and their integer labels.
 *
 * @param pixels the images, one per row
 * @param labels the label of each row
 * @param height the image height in pixels
 * @param width the image width in pixels
 */
public record LabeledImages(INDArray pixels, int[] labels, int height, int width) {
    /** Checks that there is one label per image and that rows hold {@code height * width} pixels. */
    public LabeledImages {
        if (pixels.size(0) != labels.length || pixels.size(1) != (long) height * width) {
            throw new IllegalArgumentException("LabeledImages: " + pixels.size(0) + " images of " + pixels.size(1)
                    + " pixels, " + labels.length + " labels, " + height + "x" + width + " pixels per image");
        }
    }

    /**
     * Images and labels from IDX arrays of shape {@code [n, h, w]} and {@code [n]}; an
     * {@link IdxFormatException} names the file of the wrong rank, or both files when their
     * counts differ.
     */
    public static LabeledImages of(IdxReader.IdxArray images, IdxReader.IdxArray labels) {
        if (images.dims().length != 3) {
            throw new IdxFormatException(images.source(), "the rank (byte 3)", images.dims().length + ", dimensions "
                    + Arrays.toString(images.dims()), "3 for an images file [count, height, width]",
                    "give an images file (*-images-idx3-ubyte) here");
        }
        if (labels.dims().length != 1) {
            throw new IdxFormatException(labels.source(), "the rank (byte 3)", labels.dims().length + ", dimensions "
                    + Arrays.toString(labels.dims()), "1 for a labels file [count]", "give a labels file (*-labels-idx1-ubyte) here");
        }
        if (labels.count() != images.count()) {
            throw new IdxFormatException(labels.source(), "the label count (dimension 0)", String.valueOf(labels.count()),
                    images.count() + ", the image count of " + images.source(),
                    "use the labels file that belongs to these images (both from the same download)");
        }
        int n = images.count(), d = images.itemSize();
        float[] v = new float[images.data().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = images.unsigned(i) / 255f;
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.unsigned(i);
        }
        return new LabeledImages(Nd4j.create(v, new long[] {n, d}, 'c').castTo(DataType.FLOAT), y,
                images.dims()[1], images.dims()[2]);
    }

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public LabeledImages rows(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("LabeledImages.rows: need 0 <= from < to <= " + size() + ", got [" + from + ", " + to + ")");
        }
        INDArray p = pixels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
        return new LabeledImages(p, Arrays.copyOfRange(labels, from, to), height, width);
    }
}
