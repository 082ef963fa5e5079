package dev.ppl.examples.air;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A reading of \(n\) scenes by the AIR guide, step by step ({@link AirModel#parse}).
 *
 * @param presence {@code [n, T]}: 1 where step \(t\) found an object (a step after an absent one is absent)
 * @param where    {@code [n, T, 3]}: each step's \(z^{where} = (s, x, y)\) (the object shrunk by \(1/s\),
 *                 centred at \(-(x, y)/s\) in the image's \([-1, 1]^2\) coordinates)
 * @param what     {@code [n, T, what]}: each step's appearance code
 */
public record Parse(INDArray presence, INDArray where, INDArray what) {
    /** The number of objects found in each scene, \(\sum_t e_t\). */
    public int[] counts() {
        return presence.sum(1).castTo(DataType.INT32).toIntVector();
    }
}
