package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TriangularSolveTest {
    /** A well-conditioned matrix of shape {@code [..., d, d]}: N(0, 0.3^2) entries plus 2 on the diagonal. */
    private static INDArray wellConditioned(long seed, long... shape) {
        long d = shape[shape.length - 1];
        return normal(seed, shape).muli(0.3).addi(Nd4j.eye(d).castTo(DataType.DOUBLE).muli(2.0));
    }

    private static INDArray tril(INDArray l) {
        return l.mul(TriangularSolve.lowerMask(DataType.DOUBLE, l.size(l.rank() - 1)));
    }

    @Test
    void solutionSatisfiesTheLowerTriangularSystemAndIgnoresTheUpperTriangle() {
        INDArray l = wellConditioned(1, 2, 4, 4), b = normal(2, 2, 4, 3);
        INDArray z = TriangularSolve.solveLower(Var.constant(l), Var.constant(b)).value();
        assertArrayEquals(new long[] {2, 4, 3}, z.shape());
        for (int i = 0; i < 2; i++) {
            INDArray residual = tril(l.slice(i)).mmul(z.slice(i)).sub(b.slice(i));
            assertEquals(0.0, residual.norm2Number().doubleValue(), 1e-12, "batch " + i);
        }
        INDArray zFromTril = TriangularSolve.solveLower(Var.constant(tril(l)), Var.constant(b)).value();
        assertEquals(0.0, zFromTril.sub(z).norm2Number().doubleValue(), 0.0);
    }

    @Test
    void sharedAndBroadcastMatricesGiveThePerMatrixSolutions() {
        INDArray l = wellConditioned(3, 2, 3, 3), b = normal(4, 5, 2, 3, 2);
        // dup: ND4J's slice() of a slice of a permuted view is unreliable
        INDArray z = TriangularSolve.solveLower(Var.constant(l), Var.constant(b)).value().dup('c');
        assertArrayEquals(new long[] {5, 2, 3, 2}, z.shape());
        INDArray one = wellConditioned(5, 1, 3, 3), bb = normal(6, 4, 3, 1);
        INDArray zb = TriangularSolve.solveLower(Var.constant(one), Var.constant(bb)).value().dup('c');
        assertArrayEquals(new long[] {4, 3, 1}, zb.shape());
        for (int e = 0; e < 5; e++) {
            for (int i = 0; i < 2; i++) {
                INDArray expected = TriangularSolve.solveLower(Var.constant(l.slice(i)),
                        Var.constant(b.slice(e).slice(i))).value();
                assertEquals(0.0, z.slice(e).slice(i).sub(expected).norm2Number().doubleValue(), 1e-12);
            }
        }
        for (int e = 0; e < 4; e++) {
            INDArray residual = tril(one.slice(0)).mmul(zb.slice(e)).sub(bb.slice(e));
            assertEquals(0.0, residual.norm2Number().doubleValue(), 1e-12);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradCheck.verify("solveLower 2d", v -> TriangularSolve.solveLower(v.get(0), v.get(1)),
                wellConditioned(7, 3, 3), normal(8, 3, 2));
        GradCheck.verify("solveLower batched", v -> TriangularSolve.solveLower(v.get(0), v.get(1)),
                wellConditioned(9, 2, 4, 4), normal(10, 2, 4, 3));
        GradCheck.verify("solveLower folded", v -> TriangularSolve.solveLower(v.get(0), v.get(1)),
                wellConditioned(11, 2, 3, 3), normal(12, 4, 2, 3, 2));
        GradCheck.verify("solveLower broadcast", v -> TriangularSolve.solveLower(v.get(0), v.get(1)),
                wellConditioned(13, 1, 3, 3), normal(14, 3, 3, 1));
    }

    @Test
    void upperTriangleReceivesNoGradient() {
        Var l = Var.param(wellConditioned(15, 3, 3));
        Var z = TriangularSolve.solveLower(l, Var.constant(normal(16, 3, 2)));
        INDArray g = dev.ppl.autodiff.Grad.grad(z.square().sum(), l).get(l);
        assertEquals(0.0, g.getDouble(0, 1), 0.0);
        assertEquals(0.0, g.getDouble(0, 2), 0.0);
        assertEquals(0.0, g.getDouble(1, 2), 0.0);
        assertTrue(g.getDouble(2, 0) != 0.0);
    }

    @Test
    void mismatchedShapesNameBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TriangularSolve.solveLower(Var.constant(normal(1, 3, 3)), Var.constant(normal(2, 4, 1))));
        assertTrue(e.getMessage().contains("solveLower") && e.getMessage().contains("[3, 3]")
                && e.getMessage().contains("[4, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TriangularSolve.solveLower(Var.constant(normal(1, 3, 2)), Var.constant(normal(2, 3, 1))));
    }
}
