package dev.ppl.vi.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Per-epoch shuffled minibatches: coverage, determinism, scale, row contents and bad sizes. */
class MinibatchesTest {
    /** Row i is [i, 10 i]. */
    private static INDArray data(int n) {
        INDArray col = Nd4j.arange(n).castTo(DataType.DOUBLE).reshape(n, 1);
        return Nd4j.hstack(col, col.mul(10));
    }

    @Test
    void everyRowAppearsOncePerEpochWithTheRightContentsAndScale() {
        Minibatches mb = new Minibatches(data(12), 3, 7);
        assertEquals(4, mb.batchesPerEpoch());
        int[][] epochs = new int[3][];
        for (int e = 0; e < 3; e++) {
            int[] seen = new int[0];
            for (int b = 0; b < 4; b++) {
                long step = 4L * e + b;
                Minibatch batch = mb.batch(step);
                int[] idx = mb.indices(step);
                assertEquals(4.0, batch.scale(), 0.0);
                assertEquals(3, batch.size());
                for (int k = 0; k < 3; k++) {
                    assertArrayEquals(new double[] {idx[k], 10.0 * idx[k]}, batch.rows().getRow(k).toDoubleVector(), 0.0);
                }
                seen = concat(seen, idx);
            }
            int[] sorted = seen.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, sorted, "epoch " + e);
            epochs[e] = seen;
        }
        assertFalse(Arrays.equals(epochs[0], epochs[1]) && Arrays.equals(epochs[1], epochs[2]), "reshuffled per epoch");
    }

    @Test
    void batchesAreAPureFunctionOfTheStepAndTheSeed() {
        Minibatches a = new Minibatches(data(12), 3, 7), b = new Minibatches(data(12), 3, 7);
        int[] late = b.indices(9);  // out of order: epoch 2 first
        for (long s = 0; s < 12; s++) {
            assertArrayEquals(a.indices(s), b.indices(s), "step " + s);
        }
        assertArrayEquals(a.indices(9), late);
        assertArrayEquals(a.batch(5).rows().ravel().toDoubleVector(), b.batch(5).rows().ravel().toDoubleVector(), 0.0);
        Minibatches other = new Minibatches(data(12), 3, 8);
        boolean differs = false;
        for (long s = 0; s < 4; s++) {
            differs |= !Arrays.equals(a.indices(s), other.indices(s));
        }
        assertTrue(differs, "another seed gives another order");
    }

    @Test
    void whenTheBatchSizeDoesNotDivideNEachEpochUsesDistinctRows() {
        Minibatches mb = new Minibatches(data(10), 3, 1);
        assertEquals(3, mb.batchesPerEpoch());
        assertEquals(10.0 / 3, mb.scale(), 0.0);
        for (int e = 0; e < 4; e++) {
            Set<Integer> rows = new HashSet<>();
            for (int b = 0; b < 3; b++) {
                for (int i : mb.indices(3L * e + b)) {
                    assertTrue(rows.add(i), "row " + i + " twice in epoch " + e);
                }
            }
            assertEquals(9, rows.size());
        }
    }

    @Test
    void vectorDataGivesVectorBatches() {
        INDArray x = Nd4j.arange(6).castTo(DataType.DOUBLE);
        Minibatches mb = new Minibatches(x, 2, 3);
        Minibatch b = mb.batch(1);
        assertArrayEquals(new long[] {2}, b.rows().shape());
        int[] idx = mb.indices(1);
        assertArrayEquals(new double[] {idx[0], idx[1]}, b.rows().toDoubleVector(), 0.0);
    }

    @Test
    void badBatchSizesAreClearErrors() {
        for (int size : new int[] {0, -1, 13}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Minibatches(data(12), size, 1));
            assertTrue(e.getMessage().contains("batch size") && e.getMessage().contains(Integer.toString(size)), e.getMessage());
        }
        new Minibatches(data(12), 12, 1);  // the full data set is a valid batch
        assertThrows(IllegalArgumentException.class, () -> new Minibatches(data(12), 3, 1).indices(-1));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
