package dev.ppl.vi.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One minibatch drawn by {@link Minibatches}: {@code rows} holds \(m\) rows of the data set and
 * {@code scale} \(= N/m\) is the subsampling weight. An objective over the full data set
 * \(\sum_{i=1}^N \ell_i\) is estimated without bias by {@code scale} \(\times \sum_{i \in
 * \text{batch}} \ell_i\), so the objective program should multiply its data term (and only its
 * data term, not the prior or the guide's entropy) by {@code scale}, e.g. through a plate
 * {@code Plate.of(name, m, scale, params, body)} or by hand: {@code dataTerm.mul(batch.scale())}.
 *
 * @param rows the selected rows, shape {@code [m, ...]} (a copy, not a view of the data)
 * @param scale the subsampling weight \(N/m\)
 */
public record Minibatch(INDArray rows, double scale) {
    /** The number of rows \(m\) in this batch. */
    public long size() {
        return rows.size(0);
    }
}
