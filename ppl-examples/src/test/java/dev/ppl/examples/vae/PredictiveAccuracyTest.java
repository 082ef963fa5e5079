package dev.ppl.examples.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.dist.Rng;
import dev.ppl.examples.data.ImageData;
import dev.ppl.examples.data.LabeledImages;
import org.junit.jupiter.api.Test;

/**
 * The predictive accuracy of codes as label predictors: majority labels and accuracy on
 * hand-made codes, and a run on real images (an untrained VAE: a valid rate, reproducible, codes
 * drawn from the guide with the latent count's range).
 */
class PredictiveAccuracyTest {
    @Test
    void codesAreLabelledByTheirMajorityAndScoredPerDraw() {
        int[][] train = {{0, 0, 1, 1, 2}, {0, 1, 1, 1, 2}};
        int[] labels = {5, 5, 3, 7, 7};
        int[] codeLabel = PredictiveAccuracy.majorityLabels(train, labels, 4, 8);
        // code 0: 5,5,5; code 1: 3,7,5,3,7 -> 3 (tie 3/7, the smaller); code 2: 7,7; code 3 unseen: overall majority (5 and 7: 4 each -> 5)
        assertArrayEquals(new int[] {5, 3, 7, 5}, codeLabel);
        int[][] test = {{0, 2, 1}, {3, 2, 2}};
        assertEquals(5.0 / 6, PredictiveAccuracy.accuracy(test, new int[] {5, 7, 7}, codeLabel), 1e-12);
        assertEquals(0.4, PredictiveAccuracy.majorityRate(new int[] {1, 2, 2, 0, 1}, 3), 1e-12);
    }

    @Test
    void untrainedVaeGivesAReproducibleRate() {
        ImageData d = ImageData.embedded();
        LabeledImages train = d.train().rows(0, 120);
        LabeledImages test = d.test().rows(0, 60);
        BernoulliVae vae = new BernoulliVae(784, 3, 16, 1);
        PredictiveAccuracy.Result a = PredictiveAccuracy.of(vae, train, test, 2, 50, Rng.of(4));
        PredictiveAccuracy.Result b = PredictiveAccuracy.of(vae, train, test, 2, 50, Rng.of(4));
        assertEquals(a, b);
        assertTrue(a.accuracy() >= 0 && a.accuracy() <= 1, a.toString());
        assertTrue(a.codesHit() >= 1 && a.codesHit() <= 8, a.toString());
        int[][] codes = PredictiveAccuracy.codes(vae, test.pixels(), 2, 50, Rng.of(4));
        assertEquals(2, codes.length);
        assertEquals(60, codes[0].length);
        for (int[] draw : codes) {
            for (int c : draw) {
                assertTrue(c >= 0 && c < 8, "code " + c);
            }
        }
    }
}
