package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class IndexingTest {
    @Test
    void sliceGradientScattersIntoTheSlicedRange() {
        GradCheck.verify("slice", v -> v.get(0).slice(1, 1, 3), normal(1, 2, 4));
        GradCheck.verify("slice 0", v -> v.get(0).slice(0, 0, 1), normal(2, 2, 4));
    }

    @Test
    void gatherGradientAddsRepeatedIndices() {
        GradCheck.verify("gather 0", v -> v.get(0).gather(0, 2, 0, 2), normal(3, 3, 4));
        GradCheck.verify("gather 1", v -> v.get(0).gather(1, 3, 3, 1), normal(4, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> Var.constant(normal(5, 2, 4)).gather(1, 4));
    }

    @Test
    void concatAndStackRouteGradientsToEachInput() {
        GradCheck.verify("concat", v -> Var.concat(1, v.get(0), v.get(1)), normal(6, 2, 3), normal(7, 2, 2));
        GradCheck.verify("stack", v -> Var.stack(0, v.get(0), v.get(1)), normal(8, 2, 3), normal(9, 2, 3));
        assertArrayEquals(new long[] {2, 2, 3},
                Var.stack(1, Var.constant(normal(1, 2, 3)), Var.constant(normal(2, 2, 3))).shape());
        assertThrows(IllegalArgumentException.class,
                () -> Var.concat(0, Var.constant(normal(1, 2, 3)), Var.constant(normal(2, 2, 2))));
    }

    @Test
    void whereSelectsAndRoutesGradientByMask() {
        INDArray mask = Nd4j.createFromArray(true, false, true, false);
        GradCheck.verify("where", v -> Var.where(mask, v.get(0), v.get(1)), normal(10, 3, 4), normal(11, 4));
        Var out = Var.where(mask, Var.constant(Nd4j.createFromArray(1.0, Double.POSITIVE_INFINITY, 3, 4)),
                Var.constant(Nd4j.zeros(DataType.DOUBLE, 4)));
        assertArrayEquals(new double[] {1, 0, 3, 0}, out.value().toDoubleVector(), 0);
    }

    @Test
    void oneHotEncodesIndicesAndRejectsOutOfRange() {
        Var h = Var.oneHot(Nd4j.createFromArray(2, 0), 3, DataType.FLOAT);
        assertArrayEquals(new long[] {2, 3}, h.shape());
        assertEquals(1.0, h.value().getDouble(0, 2));
        assertEquals(1.0, h.value().getDouble(1, 0));
        assertEquals(2.0, h.value().sumNumber().doubleValue());
        assertThrows(IllegalArgumentException.class, () -> Var.oneHot(Nd4j.createFromArray(3), 3, DataType.FLOAT));
    }

    @Test
    void whereBroadcastsAllThreeAndSendsGradientOnlyToTheChosenBranch() {
        INDArray mask = Nd4j.createFromArray(new double[][] {{1}, {0}}); // [2, 1], a 0/1 numeric mask
        Var a = Var.param(Nd4j.createFromArray(1.0, Double.POSITIVE_INFINITY, 3.0)), b = Var.param(Nd4j.scalar(-2.0));
        Var y = Var.where(mask, a, b);
        assertArrayEquals(new long[] {2, 3}, y.shape());
        assertArrayEquals(new double[] {1, Double.POSITIVE_INFINITY, 3, -2, -2, -2}, y.value().reshape(6).toDoubleVector(), 0);
        INDArray w = normal(1, 2, 3);
        Gradients g = Grad.grad(y.mul(Var.constant(w)).sum(), a, b);
        assertArrayEquals(w.getRow(0).toDoubleVector(), g.get(a).toDoubleVector(), 0);
        assertEquals(w.getRow(1).sumNumber().doubleValue(), g.get(b).getDouble(0), 1e-15);
    }

    @Test
    void whereRejectsMasksThatAreNotZeroOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Var.where(Nd4j.createFromArray(0.0, 0.5), Var.constant(normal(1, 2)), Var.constant(normal(2, 2))));
        assertTrue(e.getMessage().contains("where") && e.getMessage().contains("[2]"), e.getMessage());
    }
}
