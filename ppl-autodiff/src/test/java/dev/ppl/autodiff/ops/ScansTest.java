package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ScansTest {
    /** The inclusive running sum along {@code axis} of a [2, 3, 4] array, by index loops. */
    private static double[][][] cumsum(INDArray x, int axis) {
        double[][][] out = new double[2][3][4];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    int[] at = {i, j, k};
                    double total = 0;
                    for (int t = 0; t <= at[axis]; t++) {
                        int[] src = at.clone();
                        src[axis] = t;
                        total += x.getDouble(src[0], src[1], src[2]);
                    }
                    out[i][j][k] = total;
                }
            }
        }
        return out;
    }

    @Test
    void cumsumMatchesRunningSumsAlongEachAxis() {
        INDArray x = normal(1, 2, 3, 4);
        for (int axis : new int[] {0, 1, 2, -1}) {
            int ax = axis < 0 ? axis + 3 : axis;
            INDArray y = Var.constant(x).cumsum(axis).value();
            assertArrayEquals(new long[] {2, 3, 4}, y.shape());
            double[][][] expected = cumsum(x, ax);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 4; k++) {
                        assertEquals(expected[i][j][k], y.getDouble(i, j, k), 1e-14, "axis " + axis);
                    }
                }
            }
        }
    }

    @Test
    void gradientIsTheReverseCumulativeSumOfTheUpstreamGradient() {
        Var x = Var.param(Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0));
        Var weighted = x.cumsum(0).mul(Var.constant(Nd4j.createFromArray(1.0, 10.0, 100.0, 1000.0))).sum();
        assertArrayEquals(new double[] {1111, 1110, 1100, 1000}, Grad.grad(weighted, x).get(x).toDoubleVector(), 0.0);
        for (int axis : new int[] {0, 1, 2, -2}) {
            GradCheck.verify("cumsum " + axis, v -> v.get(0).cumsum(axis), normal(2, 2, 3, 4));
        }
        GradCheck.verify("cumsum of a transposed view", v -> v.get(0).transpose().cumsum(1), normal(3, 3, 4));
    }

    @Test
    void rankZeroAndOutOfRangeAxesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Var.constant(normal(1, 2, 3)).cumsum(2));
        assertTrue(e.getMessage().contains("cumsum") && e.getMessage().contains("2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Var.constant(Nd4j.scalar(1.0)).cumsum(0));
    }
}
