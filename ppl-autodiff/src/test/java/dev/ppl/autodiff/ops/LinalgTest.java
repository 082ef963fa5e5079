package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class LinalgTest {
    @Test
    void matmulGradientsMatchFiniteDifferences() {
        GradCheck.verify("matmul", v -> v.get(0).matmul(v.get(1)), normal(1, 3, 4), normal(2, 4, 5));
    }

    @Test
    void batchedMatmulGradientsMatchFiniteDifferences() {
        GradCheck.verify("bmm", v -> v.get(0).matmul(v.get(1)), normal(3, 2, 3, 4), normal(4, 2, 4, 2));
        GradCheck.verify("bmm shared", v -> v.get(0).matmul(v.get(1)), normal(5, 2, 3, 4), normal(6, 4, 2));
    }

    /** NumPy's semantics: an empty row count gives an empty product; an empty inner axis a sum of nothing, 0. */
    @Test
    void emptyOperandsGiveTheEmptyOrZeroProductAndGradients() {
        Var a = Var.param(org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 0, 3));
        Var c = a.matmul(Var.constant(normal(1, 3, 2)));
        assertArrayEquals(new long[] {0, 2}, c.shape());
        Var p = Var.param(org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 0));
        Var q = Var.param(org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 0, 3));
        Var r = p.matmul(q);
        assertArrayEquals(new long[] {2, 3}, r.shape());
        assertEquals(0.0, r.value().sumNumber().doubleValue(), 0.0);
        assertTrue(dev.ppl.autodiff.Grad.grad(r.sum(), p, q).get(p).isEmpty());
    }

    @Test
    void batchedMatmulEqualsPerBatchProducts() {
        INDArray a = normal(7, 2, 3, 4), b = normal(8, 2, 4, 5);
        INDArray c = Var.constant(a).matmul(Var.constant(b)).value();
        for (int i = 0; i < 2; i++) {
            INDArray expected = a.slice(i).mmul(b.slice(i));
            assertEquals(0.0, c.slice(i).sub(expected).norm2Number().doubleValue(), 1e-12);
        }
        assertArrayEquals(new long[] {2, 3, 5}, c.shape());
    }

    @Test
    void affineEqualsMatmulPlusBiasAndHasCorrectGradients() {
        INDArray x = normal(9, 4, 3), w = normal(10, 3, 5), b = normal(11, 5);
        INDArray expected = x.mmul(w).addRowVector(b);
        assertEquals(0.0, Linalg.affine(Var.constant(x), Var.constant(w), Var.constant(b)).value().sub(expected)
                .norm2Number().doubleValue(), 1e-12);
        GradCheck.verify("affine", v -> Linalg.affine(v.get(0), v.get(1), v.get(2)), x, w, b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.affine(Var.constant(x), Var.constant(w), Var.constant(normal(12, 4))));
        assertTrue(e.getMessage().contains("affine") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void mismatchedInnerDimensionsNameBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Var.constant(normal(1, 3, 4)).matmul(Var.constant(normal(2, 5, 2))));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[5, 2]"), e.getMessage());
    }

    @Test
    void batchAxesBroadcastLikeNumpyMatmul() {
        INDArray a = normal(13, 5, 1, 3, 4), b = normal(14, 2, 4, 6);
        INDArray c = Var.constant(a).matmul(Var.constant(b)).value();
        assertArrayEquals(new long[] {5, 2, 3, 6}, c.shape());
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 2; j++) {
                INDArray expected = a.slice(i).slice(0).mmul(b.slice(j));
                assertEquals(0.0, c.slice(i).slice(j).sub(expected).norm2Number().doubleValue(), 1e-12);
            }
        }
        assertArrayEquals(new long[] {2, 3, 5}, Var.constant(normal(15, 3, 4)).matmul(Var.constant(normal(16, 2, 4, 5))).shape());
        assertArrayEquals(new long[] {3, 2, 2, 5},
                Var.constant(normal(17, 3, 1, 2, 4)).matmul(Var.constant(normal(18, 1, 2, 4, 5))).shape());
    }

    @Test
    void broadcastBatchGradientsAreSummedBackOverTheBroadcastAxes() {
        GradCheck.verify("bmm [3,1,2,3] [2,3,2]", v -> v.get(0).matmul(v.get(1)), normal(19, 3, 1, 2, 3), normal(20, 2, 3, 2));
        GradCheck.verify("bmm [2,3] [2,3,2]", v -> v.get(0).matmul(v.get(1)), normal(21, 2, 3), normal(22, 2, 3, 2));
        GradCheck.verify("bmm [1,2,3] [2,3,4]", v -> v.get(0).matmul(v.get(1)), normal(23, 1, 2, 3), normal(24, 2, 3, 4));
        GradCheck.verify("bmm [2,1,2,3] [1,2,3,2]", v -> v.get(0).matmul(v.get(1)), normal(25, 2, 1, 2, 3), normal(26, 1, 2, 3, 2));
    }

    @Test
    void batchAxesThatDoNotBroadcastNameBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Var.constant(normal(1, 2, 3, 4)).matmul(Var.constant(normal(2, 3, 4, 5))));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[2, 3, 4]")
                && e.getMessage().contains("[3, 4, 5]"), e.getMessage());
    }
}
