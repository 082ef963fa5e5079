package dev.ppl.examples.air;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Count accuracy and confusion matrices of small cases worked by hand. */
class CountAccuracyTest {
    /** True 0, 1, 1, 2, 2, 2; inferred 0, 1, 2, 2, 1, 0 with 3 steps: correct 0, 1, 2 = 3 of 6. */
    private static CountAccuracy sixImages() {
        return CountAccuracy.of(new int[] {0, 1, 1, 2, 2, 2}, new int[] {0, 1, 2, 2, 1, 0}, 3);
    }

    @Test
    void accuracyIsTheFractionOfImagesWhoseInferredCountIsTheTrueCount() {
        CountAccuracy a = sixImages();
        assertEquals(6, a.images());
        assertEquals(3, a.correct());
        assertEquals(0.5, a.accuracy(), 0.0);
        assertEquals(1.0, a.accuracy(0), 0.0);
        assertEquals(0.5, a.accuracy(1), 0.0);
        assertEquals(1.0 / 3, a.accuracy(2), 1e-15);
        assertEquals(Double.NaN, a.accuracy(3), "no image of true count 3");
    }

    @Test
    void confusionMatrixHasTrueCountsAsRowsAndEveryInferableCountAsAColumn() {
        assertArrayEquals(new long[][] {{1, 0, 0, 0}, {0, 1, 1, 0}, {1, 1, 1, 0}, {0, 0, 0, 0}}, sixImages().confusionMatrix());
        assertEquals(3, sixImages().maxCount(), "3 steps: inferred counts 0..3");
        assertEquals(1, sixImages().confusion(2, 0));
        assertEquals(0, sixImages().confusion(7, 1), "beyond the matrix");
        CountAccuracy oneStep = CountAccuracy.of(new int[] {2, 1}, new int[] {1, 1}, 1);
        assertEquals(2, oneStep.maxCount(), "a true count above the steps gets its row");
        assertEquals(1, oneStep.confusion(2, 1));
    }

    @Test
    void presenceFlagsCountEveryPresentStep() {
        boolean[][] present = {{false, false, false}, {true, false, false}, {true, true, false}, {true, false, true}};
        CountAccuracy a = CountAccuracy.ofPresence(new int[] {0, 1, 1, 2}, present);
        assertEquals(3, a.correct(), "the last image has two present steps, not a prefix of them");
        assertEquals(1, a.confusion(1, 2));
        CountAccuracy fromArray = CountAccuracy.ofPresence(new int[] {0, 1, 1, 2},
                Nd4j.create(new float[] {0, 0, 0, 1, 0, 0, 0.9f, 0.6f, 0.4f, 1, 0, 1}, new long[] {4, 3}, 'c'));
        assertArrayEquals(a.confusionMatrix(), fromArray.confusionMatrix(), "z_pres > 0.5 is present");
    }

    @Test
    void plusPoolsTwoEvaluations() {
        CountAccuracy pooled = sixImages().plus(CountAccuracy.of(new int[] {4}, new int[] {3}, 3));
        assertEquals(7, pooled.images());
        assertEquals(3, pooled.correct());
        assertEquals(4, pooled.maxCount());
        assertEquals(1, pooled.confusion(4, 3));
        assertEquals(1, pooled.confusion(1, 2));
    }

    @Test
    void toStringIsATableWithTheAccuracyOfEachRow() {
        assertEquals("count accuracy 0.5000 (3 of 6 images)\n"
                + "true \\ inferred      0      1      2      3   accuracy\n"
                + "              0      1      0      0      0     1.0000\n"
                + "              1      0      1      1      0     0.5000\n"
                + "              2      1      1      1      0     0.3333\n"
                + "              3      0      0      0      0          -\n", sixImages().toString());
    }

    @Test
    void inconsistentInputsAreRejectedNamingTheImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CountAccuracy.of(new int[] {0, 1}, new int[] {0, 3}, 2));
        assertEquals("CountAccuracy: image 1 has true count 1 and inferred count 3; need true >= 0 and 0 <= inferred <= 2 (the steps)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CountAccuracy.of(new int[] {0}, new int[] {0, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> CountAccuracy.of(new int[0], new int[0], 2));
        e = assertThrows(IllegalArgumentException.class,
                () -> CountAccuracy.ofPresence(new int[] {0, 1}, new boolean[][] {{false, false}, {true}}));
        assertEquals("CountAccuracy: image 1 has 1 presence flags, image 0 has 2; every image needs one per step", e.getMessage());
    }
}
