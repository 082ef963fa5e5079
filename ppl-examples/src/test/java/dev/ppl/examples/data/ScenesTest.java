package dev.ppl.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.vi.train.Minibatches;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ScenesTest {
    /** Five 2x2 scenes; scene i has every pixel equal to i / 10 and i mod 3 objects labelled i. */
    private static Scenes five() {
        float[] v = new float[5 * 4];
        int[] counts = new int[5];
        int[][] labels = new int[5][];
        for (int i = 0; i < 5; i++) {
            Arrays.fill(v, 4 * i, 4 * i + 4, i / 10f);
            counts[i] = i % 3;
            labels[i] = new int[counts[i]];
            Arrays.fill(labels[i], i);
        }
        return Scenes.of(Nd4j.create(v, new long[] {5, 4}, 'c'), counts, labels, 2, 2);
    }

    @Test
    void selectTakesScenesInTheGivenOrderWithTheirCountsAndLabels() {
        Scenes s = five().select(4, 1, 4);
        assertEquals(3, s.size());
        assertArrayEquals(new int[] {1, 1, 1}, s.counts());
        assertArrayEquals(new int[] {4}, s.labels(0));
        assertArrayEquals(new int[] {1}, s.labels(1));
        assertEquals(0.4, s.pixels().getDouble(2, 3), 1e-6);
        assertEquals(0.1, s.pixels().getDouble(1, 0), 1e-6);
    }

    @Test
    void rowsAndImagesAreCopiesOfTheRightShape() {
        Scenes all = five();
        Scenes middle = all.rows(2, 4);
        assertArrayEquals(new int[] {2, 0}, middle.counts());
        INDArray image = all.image(3);
        assertArrayEquals(new long[] {2, 2}, image.shape());
        image.assign(9);
        assertEquals(0.3, all.pixels().getDouble(3, 0), 1e-6, "image(i) is a copy");
        int[] counts = all.counts();
        counts[0] = 7;
        assertEquals(0, all.count(0), "counts() is a copy");
    }

    @Test
    void countFrequenciesCountImagesPerNumberOfObjects() {
        assertArrayEquals(new int[] {2, 2, 1}, five().countFrequencies());
        assertEquals("Scenes[5 images of 2x2, count frequencies [2, 2, 1]]", five().toString());
    }

    @Test
    void minibatchesAreReproducibleFromTheSeedAndCoverAnEpoch() {
        Scenes s = five();
        Minibatches a = s.minibatches(2, 42), b = s.minibatches(2, 42), c = s.minibatches(2, 43);
        assertEquals(2, a.batchesPerEpoch());
        boolean differs = false;
        for (long step = 0; step < 20; step++) {
            assertArrayEquals(a.indices(step), b.indices(step));
            differs |= !Arrays.equals(a.indices(step), c.indices(step));
            Scenes batch = s.select(a.indices(step));
            assertEquals(a.batch(step).rows(), batch.pixels(), "the pixels of batch " + step);
        }
        assertTrue(differs, "another seed shuffles differently");
        int[] epoch0 = new int[4];
        System.arraycopy(a.indices(0), 0, epoch0, 0, 2);
        System.arraycopy(a.indices(1), 0, epoch0, 2, 2);
        assertEquals(4, Arrays.stream(epoch0).distinct().count(), "no scene twice in an epoch: " + Arrays.toString(epoch0));
    }

    @Test
    void badIndicesAndInconsistentLabelsAreRejectedWithTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> five().select(0, 5));
        assertEquals("Scenes.select: index 5 at position 1 is outside [0, 5)", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> five().labels(-1));
        e = assertThrows(IllegalArgumentException.class, () -> Scenes.of(Nd4j.zeros(DataType.FLOAT, 2, 4),
                new int[] {1, 2}, new int[][] {{3}, {4}}, 2, 2));
        assertEquals("Scenes: image 1 has count 2 and labels [4]; the count must be non-negative and equal the number of labels",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scenes.of(Nd4j.zeros(DataType.FLOAT, 2, 5),
                new int[] {0, 0}, new int[][] {{}, {}}, 2, 2));
        assertEquals("Scenes: need float32 pixels of shape [n, 2 * 2] and n counts and label lists, got FLOAT pixels of shape [2, 5], "
                + "2 counts, 2 label lists", e.getMessage());
    }
}
