package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReductionsTest {
    @Test
    void sumAndMeanGradientsOverChosenAxesWithAndWithoutKeepDims() {
        for (boolean keep : new boolean[] {true, false}) {
            GradCheck.verify("sum all", v -> v.get(0).sum(keep), normal(1, 2, 3, 4));
            GradCheck.verify("sum 1", v -> v.get(0).sum(keep, 1), normal(2, 2, 3, 4));
            GradCheck.verify("sum 0,2", v -> v.get(0).sum(keep, 0, 2), normal(3, 2, 3, 4));
            GradCheck.verify("mean -1", v -> v.get(0).mean(keep, -1), normal(4, 2, 3, 4));
            GradCheck.verify("max 1", v -> v.get(0).max(keep, 1), normal(5, 2, 3, 4));
            GradCheck.verify("lse 0,1", v -> v.get(0).logSumExp(keep, 0, 1), normal(6, 2, 3, 4));
        }
    }

    @Test
    void sumSquaresEqualsTheSumOfSquaresWithItsGradient() {
        INDArray x = normal(13, 3, 4);
        assertEquals(x.mul(x).sumNumber().doubleValue(), Var.constant(x).sumSquares().item(), 1e-12);
        GradCheck.verify("sumSquares", v -> v.get(0).sumSquares().mul(0.5), x);
        GradCheck.verify("scalar mul", v -> v.get(0).sum().mul(-2.5), x);
    }

    @Test
    void keepDimsControlsTheResultShape() {
        Var x = Var.constant(normal(7, 2, 3, 4));
        assertArrayEquals(new long[] {2, 1, 4}, x.sum(true, 1).shape());
        assertArrayEquals(new long[] {2, 4}, x.max(false, 1).shape());
        assertArrayEquals(new long[] {}, x.logSumExp(false).shape());
        assertArrayEquals(new long[] {1, 1, 1}, x.mean(true).shape());
    }

    @Test
    void logSumExpIsStableForLargeInputs() {
        Var x = Var.constant(Nd4j.createFromArray(1000.0, 1000.0));
        assertEquals(1000.0 + Math.log(2), x.logSumExp(false).item(), 1e-9);
        Var ninf = Var.constant(Nd4j.createFromArray(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
        assertEquals(Double.NEGATIVE_INFINITY, ninf.logSumExp(false).item());
    }

    @Test
    void maxSplitsTheGradientAmongTies() {
        Var x = Var.param(Nd4j.createFromArray(1.0, 3.0, 3.0));
        var g = dev.ppl.autodiff.Grad.grad(x.max(false), x).get(x);
        assertArrayEquals(new double[] {0, 0.5, 0.5}, g.toDoubleVector(), 0);
    }

    @Test
    void badAxesAreRejected() {
        Var x = Var.constant(normal(8, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> x.sum(false, 2));
        assertThrows(IllegalArgumentException.class, () -> x.sum(false, 1, 1));
    }

    @Test
    void sumOfARankZeroValueIsThatValueWithGradientOne() {
        Var a = Var.param(Nd4j.scalar(2.5));
        Var s = a.sum();
        org.junit.jupiter.api.Assertions.assertEquals(2.5, s.item());
        org.junit.jupiter.api.Assertions.assertEquals(0, s.rank());
        org.junit.jupiter.api.Assertions.assertEquals(1.0, dev.ppl.autodiff.Grad.grad(s, a).get(a).getDouble(0));
        GradCheck.verify("rank-0 sum", v -> v.get(0).sum().mul(v.get(0)).add(v.get(0).mean()), Nd4j.scalar(0.7));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> a.sum(false, 0));
    }
}
