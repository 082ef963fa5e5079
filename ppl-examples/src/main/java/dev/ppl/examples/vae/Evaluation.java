package dev.ppl.examples.vae;

import dev.ppl.autodiff.Arena;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The average per-image value of a bound over a data set, \(\frac1N \sum_{i=1}^N \hat L(x_i)\),
 * estimated in chunks of at most {@code chunk} images: each chunk's objective (built for its
 * size by {@code objectiveFor}) is estimated once with its own key {@code rng.fold(c)}, inside an
 * {@link Arena}. Unbiased for the average of the bound.
 */
public final class Evaluation {
    private Evaluation() {}

    /** The mean per-image estimate of the objectives {@code objectiveFor(n)} over the rows of {@code data}. */
    public static double meanPerImage(IntFunction<Expectation<INDArray>> objectiveFor, INDArray data, int chunk, Rng rng) {
        if (chunk <= 0) {
            throw new IllegalArgumentException("Evaluation: chunk must be positive, got " + chunk);
        }
        long n = data.size(0);
        double total = 0;
        int c = 0;
        for (long from = 0; from < n; from += chunk, c++) {
            long to = Math.min(n, from + chunk);
            INDArray rows = data.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
            Expectation<INDArray> objective = objectiveFor.apply((int) (to - from));
            try (Arena ignored = Arena.open("eval-" + (to - from))) {
                total += objective.estimate(rng.fold(c), rows);
            }
        }
        return total / n;
    }
}
