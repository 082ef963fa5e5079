package dev.ppl.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.dist.Rng;
import dev.ppl.examples.vae.GaussianVae;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The hand-coded VAE step computes what the library's {@code vae} step computes: from the same
 * weights, pixels and key, the same loss and flat gradient, and after several Adam steps the same
 * parameters. Float32 (the model's type): the two sides sum in different orders (GEMM blocking,
 * the loss's reductions), so agreement is to float32 rounding: loss to 1e-5 relative, gradient
 * to 1e-5 of its largest entry (entries are sums over the batch and pixels of magnitude up to
 * ~100, each side's rounding is ~1e-7 relative per summand), parameters to 1e-5 absolute.
 */
class HandCodedVaeTest {
    private static final int BATCH = 8;
    private static final long SEED = 11;
    private static final VaeLayout LAYOUT = new VaeLayout(784, 400, 20);

    static INDArray binaryPixels(int n, long seed) {
        return Rng.of(seed).uniform(DataType.FLOAT, n, 784).lt(0.3).castTo(DataType.FLOAT);
    }

    @Test
    void layoutMatchesTheLibrarysParams() {
        GaussianVae vae = new GaussianVae(784, 20, 400, SEED);
        assertEquals(VaeLayout.NAMES, vae.params().names());
        assertEquals(LAYOUT.size(), vae.params().size());
        VaeLayout.Views v = LAYOUT.views(vae.params().flatValues());
        assertEquals(vae.params().get("decoder/1/w").value(), v.w4());
        assertEquals(vae.params().get("encoder/1/b").value(), v.b2());
    }

    @Test
    void lossGradientAndAdamStepsAgreeWithTheLibrary() {
        GaussianVae vae = new GaussianVae(784, 20, 400, SEED);
        LibraryVaeStep library = new LibraryVaeStep(vae, BATCH, 1e-3);
        HandCodedVae hand = new HandCodedVae(LAYOUT, BATCH, library.flatParams(), 1e-3);
        INDArray x = binaryPixels(BATCH, 3);
        for (int step = 0; step <= 4; step++) {
            Rng key = LibraryVaeStep.key(SEED, step);
            double loss = library.computeGradients(x, key);
            double handLoss = hand.computeGradients(x, LibraryVaeStep.noise(key, BATCH, 20));
            String at = "at step " + step;
            assertTrue(loss > 0 && Double.isFinite(loss), "loss " + loss);
            assertEquals(loss, handLoss, 1e-5 * Math.abs(loss), "loss " + at);
            INDArray g = library.flatGrads();
            double scale = g.amaxNumber().doubleValue();
            assertTrue(scale > 0, "library gradient is zero");
            double gradDiff = BenchMath.maxAbsDiff(g, hand.flatGrads());
            assertTrue(gradDiff <= 1e-5 * scale, "gradient " + at + ": max diff " + gradDiff + " vs scale " + scale);
            library.adamStep();
            hand.adamStep();
            double paramDiff = BenchMath.maxAbsDiff(library.flatParams(), hand.flatParams());
            assertTrue(paramDiff <= 1e-5, "parameters after Adam " + at + ": max diff " + paramDiff);
        }
    }

    @Test
    void resetRestartsBothSidesFromTheSameWeights() {
        GaussianVae vae = new GaussianVae(784, 20, 400, SEED);
        LibraryVaeStep library = new LibraryVaeStep(vae, BATCH, 1e-3);
        INDArray initial = library.flatParams().dup();
        HandCodedVae hand = new HandCodedVae(LAYOUT, BATCH, initial, 1e-3);
        INDArray x = binaryPixels(BATCH, 5);
        Rng key = LibraryVaeStep.key(SEED, 0);
        double first = library.step(x, key);
        hand.step(x, LibraryVaeStep.noise(key, BATCH, 20));
        library.reset(initial);
        hand.reset(initial);
        assertEquals(first, library.computeGradients(x, key), 0.0);
        assertEquals(0.0, BenchMath.maxAbsDiff(library.flatParams(), hand.flatParams()));
    }
}
