package dev.ppl.examples.air;

import dev.ppl.autodiff.Arena;
import dev.ppl.dist.Rng;
import dev.ppl.examples.data.Scenes;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.PerDataPoint;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How well a trained {@link AirModel} reads scenes: count accuracy (the fraction of scenes whose
 * number of objects in the guide's most probable parse, {@link AirModel#parse}, is the true
 * count) and the ELBO per image, \(\frac1n \sum_i E_q[\log p(x_i, z) - \log q(z \mid x_i)]\), each
 * image's bound estimated with one guide draw.
 */
public final class AirEvaluation {
    private AirEvaluation() {}

    /** The count accuracy of {@code model} on {@code scenes}, parsed in batches of {@code batch}. */
    public static CountAccuracy countAccuracy(AirModel model, Scenes scenes, int batch) {
        int[] inferred = new int[scenes.size()];
        for (int from = 0; from < scenes.size(); from += batch) {
            int to = Math.min(scenes.size(), from + batch);
            int[] counts = parse(model, scenes.pixels(), from, to).counts();
            System.arraycopy(counts, 0, inferred, from, counts.length);
        }
        return CountAccuracy.of(scenes.counts(), inferred, model.config().steps());
    }

    /** The guide's parse of scenes {@code [from, to)} of {@code pixels} (outside any arena). */
    public static Parse parse(AirModel model, INDArray pixels, int from, int to) {
        INDArray x = pixels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
        return Arena.outside(() -> model.parse(x));
    }

    /**
     * The mean ELBO per image of {@code model} on {@code scenes}, in batches of {@code batch} (the
     * last, partial batch included), each image's bound from one guide draw under {@code key}.
     */
    public static double elboPerImage(AirModel model, Scenes scenes, int batch, Rng key) {
        double total = 0;
        int batches = 0;
        for (int from = 0; from < scenes.size(); from += batch, batches++) {
            int to = Math.min(scenes.size(), from + batch);
            INDArray x = scenes.pixels().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
            Expectation<INDArray> elbo = PerDataPoint.elbo(model.problem(to - from));
            Rng k = key.fold(batches);
            try (Arena ignored = Arena.open("air-eval")) {
                total += elbo.estimate(k, x);
            }
        }
        return total / scenes.size();
    }
}
