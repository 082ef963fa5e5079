package dev.ppl.autodiff;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradTest {
    @Test
    void variableUsedManyTimesAccumulatesEveryPath() {
        Var x = Var.param(Nd4j.scalar(3.0));
        Var y = x.mul(x).add(x.mul(2.0)).add(x.exp().mul(x)); // x^2 + 2x + x e^x
        double expected = 2 * 3 + 2 + Math.exp(3) * (1 + 3);
        assertEquals(expected, Grad.grad(y, x).get(x).getDouble(0), 1e-9);
    }

    @Test
    void sharedSubexpressionsInADiamondGraphMatchFiniteDifferences() {
        GradCheck.verify("diamond", v -> {
            Var h = v.get(0).matmul(v.get(1)).tanh();
            Var left = h.mul(h).sum(false, 1);
            Var right = h.exp().mean(false, 1);
            return left.add(right).mul(h.sum(false, 1));
        }, normal(1, 3, 4), normal(2, 4, 5));
    }

    @Test
    void nodeThatDoesNotReachTheOutputHasZeroGradient() {
        Var x = Var.param(normal(3, 2));
        Var unused = Var.param(normal(4, 2));
        Gradients g = Grad.grad(x.sum(), x, unused);
        assertFalse(g.reaches(unused));
        assertEquals(0.0, g.get(unused).norm2Number().doubleValue());
        assertTrue(g.reaches(x));
    }

    @Test
    void stopGradientBlocksFlowButKeepsTheValue() {
        Var x = Var.param(Nd4j.scalar(2.0));
        Var y = x.mul(x.stopGradient()); // d/dx = x (one path only)
        assertEquals(4.0, y.item());
        assertEquals(2.0, Grad.grad(y, x).get(x).getDouble(0), 1e-12);
        assertFalse(x.stopGradient().requiresGrad());
    }

    @Test
    void opsOnConstantsRecordNoGraph() {
        Var c = Var.constant(normal(5, 3));
        Var y = c.exp().mul(c).sum();
        assertFalse(y.requiresGrad());
    }

    @Test
    void seedGivesAVectorJacobianProduct() {
        Var x = Var.param(Nd4j.createFromArray(1.0, 2.0, 3.0));
        Var y = x.mul(x);
        INDArray seed = Nd4j.createFromArray(1.0, 0.0, -1.0);
        assertArrayEquals(new double[] {2, 0, -6}, Grad.grad(y, seed, List.of(x)).get(x).toDoubleVector(), 1e-12);
    }

    @Test
    void nonScalarOutputWithoutSeedIsAnError() {
        Var x = Var.param(normal(6, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grad.grad(x.exp(), x));
        assertTrue(e.getMessage().contains("exp") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void gradIntoWritesTheSameGradientsAsGradIncludingSharedAndUnreachedNodes() {
        Var w = Var.param(normal(7, 4, 3));
        Var b = Var.param(normal(8, 3));
        Var twice = Var.param(normal(9, 3));
        Var unused = Var.param(normal(10, 2));
        Var x = Var.constant(normal(11, 5, 4));
        Var loss = x.matmul(w).add(b).tanh().mul(twice).add(twice.square()).sum();
        Gradients expected = Grad.grad(loss, w, b, twice, unused);
        java.util.Map<Var, INDArray> dest = new java.util.IdentityHashMap<>();
        for (Var v : List.of(w, b, twice, unused)) {
            dest.put(v, Nd4j.valueArrayOf(v.shape(), 99.0, DataType.DOUBLE));
        }
        Grad.gradInto(loss, dest);
        for (Var v : List.of(w, b, twice, unused)) {
            assertEquals(0.0, dest.get(v).sub(expected.get(v)).norm2Number().doubleValue(), 1e-12, v.toString());
        }
    }

    @Test
    void gradIntoRejectsDestinationsOfTheWrongShape() {
        Var w = Var.param(normal(12, 2, 2));
        java.util.Map<Var, INDArray> dest = new java.util.IdentityHashMap<>();
        dest.put(w, Nd4j.zeros(DataType.DOUBLE, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grad.gradInto(w.sum(), dest));
        assertTrue(e.getMessage().contains("[4]") && e.getMessage().contains("[2, 2]"), e.getMessage());
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Var x = Var.param(Nd4j.scalar(DataType.DOUBLE, 1.0));
        Var y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.mul(1.0);
        }
        assertEquals(1.0, Grad.grad(y, x).get(x).getDouble(0));
    }
}
