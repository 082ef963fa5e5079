package dev.ppl.examples.bench;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Where each weight of the {@code vae} command's model lies in the flat parameter buffer of the
 * library's {@code Params}: in registration order {@code encoder/0/w [D, H]}, {@code encoder/0/b [H]},
 * {@code encoder/1/w [H, 2L]}, {@code encoder/1/b [2L]}, {@code decoder/0/w [L, H]},
 * {@code decoder/0/b [H]}, {@code decoder/1/w [H, D]}, {@code decoder/1/b [D]}, each in 'c' order.
 *
 * @param pixels \(D\)
 * @param hidden \(H\)
 * @param latent \(L\)
 */
public record VaeLayout(int pixels, int hidden, int latent) {
    /** The library's parameter names, in layout order. */
    public static final java.util.List<String> NAMES = java.util.List.of("encoder/0/w", "encoder/0/b", "encoder/1/w",
            "encoder/1/b", "decoder/0/w", "decoder/0/b", "decoder/1/w", "decoder/1/b");

    /** Checks that every dimension is positive. */
    public VaeLayout {
        if (pixels <= 0 || hidden <= 0 || latent <= 0) {
            throw new IllegalArgumentException("VaeLayout: dimensions must be positive, got D=" + pixels + " H=" + hidden + " L=" + latent);
        }
    }

    /** The views of one flat buffer: weights as matrices, biases as vectors and as {@code [1, n]} rows. */
    public record Views(INDArray w1, INDArray b1, INDArray w2, INDArray b2, INDArray w3, INDArray b3, INDArray w4, INDArray b4,
                        INDArray b1Row, INDArray b2Row, INDArray b3Row, INDArray b4Row) {}

    /** The shapes of the eight tensors, in layout order. */
    public long[][] shapes() {
        return new long[][] {{pixels, hidden}, {hidden}, {hidden, 2L * latent}, {2L * latent},
            {latent, hidden}, {hidden}, {hidden, pixels}, {pixels}};
    }

    /** The total number of parameters. */
    public long size() {
        long n = 0;
        for (long[] s : shapes()) {
            n += length(s);
        }
        return n;
    }

    /** Views into {@code flat} (a contiguous vector of {@link #size()} elements); writes through. */
    public Views views(INDArray flat) {
        if (flat.length() != size()) {
            throw new IllegalArgumentException("VaeLayout: flat buffer has " + flat.length() + " elements, expected " + size());
        }
        long[][] shapes = shapes();
        INDArray[] v = new INDArray[8];
        INDArray[] rows = new INDArray[4];
        long offset = 0;
        for (int i = 0; i < 8; i++) {
            long n = length(shapes[i]);
            INDArray seg = flat.get(NDArrayIndex.interval(offset, offset + n));
            v[i] = seg.reshape('c', shapes[i]);
            if (i % 2 == 1) {
                rows[i / 2] = seg.reshape('c', 1, n);
            }
            offset += n;
        }
        return new Views(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], rows[0], rows[1], rows[2], rows[3]);
    }

    /** Columns {@code [from, to)} of the matrix {@code m}, a view. */
    static INDArray columns(INDArray m, long from, long to) {
        return m.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
