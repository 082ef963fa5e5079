package dev.ppl.autodiff.ops;

import java.util.Arrays;
import java.util.Random;

/** Random operand shapes for the broadcasting property tests: ranks 0-4, axis sizes 1-3. */
final class BroadcastShapes {
    private BroadcastShapes() {}

    /**
     * {@code n} shapes that broadcast together: each takes the trailing axes (0 to 4 of them) of
     * one common shape of sizes 1-3, with each axis independently replaced by 1 a third of the time.
     */
    static int[][] compatible(Random rng, int n) {
        int[] full = new int[4];
        for (int i = 0; i < full.length; i++) {
            full[i] = 1 + rng.nextInt(3);
        }
        int[][] shapes = new int[n][];
        for (int k = 0; k < n; k++) {
            int rank = rng.nextInt(5);
            shapes[k] = new int[rank];
            for (int i = 0; i < rank; i++) {
                shapes[k][i] = rng.nextInt(3) == 0 ? 1 : full[full.length - rank + i];
            }
        }
        return shapes;
    }

    /** Compatible shapes, then one axis (aligned from the right) set to 2 in one operand and 3 in another. */
    static int[][] incompatible(Random rng, int n) {
        int[][] shapes = compatible(rng, n);
        int p = rng.nextInt(n), q = (p + 1 + rng.nextInt(n - 1)) % n;
        for (int k : new int[] {p, q}) {
            if (shapes[k].length == 0) {
                shapes[k] = new int[] {1};
            }
        }
        int fromRight = rng.nextInt(Math.min(shapes[p].length, shapes[q].length));
        shapes[p][shapes[p].length - 1 - fromRight] = 2;
        shapes[q][shapes[q].length - 1 - fromRight] = 3;
        return shapes;
    }

    static long[] toLong(int[] shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    /** The shapes as printed in failure messages, e.g. {@code [2, 1] [3]}. */
    static String describe(int[][] shapes) {
        StringBuilder b = new StringBuilder();
        for (int[] s : shapes) {
            b.append(b.length() == 0 ? "" : " ").append(Arrays.toString(s));
        }
        return b.toString();
    }
}
