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
import org.nd4j.linalg.api.buffer.DataType;

class ShapeOpsTest {
    @Test
    void reshapePermuteTransposeGradientsMatchFiniteDifferences() {
        GradCheck.verify("reshape", v -> v.get(0).reshape(4, 3).mul(v.get(1)), normal(1, 2, 6), normal(2, 4, 3));
        GradCheck.verify("permute", v -> v.get(0).permute(2, 0, 1).mul(v.get(1)), normal(3, 2, 3, 4), normal(4, 4, 2, 3));
        GradCheck.verify("transpose", v -> v.get(0).transpose().mul(v.get(1)), normal(5, 2, 3), normal(6, 3, 2));
    }

    @Test
    void broadcastExpandSqueezeGradientsMatchFiniteDifferences() {
        GradCheck.verify("broadcastTo", v -> v.get(0).broadcastTo(2, 3, 4).mul(v.get(1)), normal(7, 3, 1), normal(8, 2, 3, 4));
        GradCheck.verify("expandDims", v -> v.get(0).expandDims(1).mul(v.get(1)), normal(9, 3), normal(10, 3, 2));
        GradCheck.verify("squeeze", v -> v.get(0).squeeze(0).mul(v.get(1)), normal(11, 1, 3), normal(12, 3));
        assertArrayEquals(new long[] {3, 1}, Var.constant(normal(1, 3)).expandDims(-1).shape());
    }

    @Test
    void castMovesGradientsBetweenPrecisions() {
        // the function runs in float32, so the finite-difference step and tolerance are float32-sized
        GradCheck.Result r = GradCheck.check(v -> v.get(0).cast(DataType.FLOAT).exp().cast(DataType.DOUBLE),
                1e-2, 1e-3, 1e-3, normal(13, 3));
        assertTrue(r.passed(), r.toString());
        Var x = Var.param(normal(14, 3));
        assertEquals(DataType.DOUBLE, Grad.grad(x.cast(DataType.FLOAT).sum(), x).get(x).dataType());
    }

    @Test
    void invalidShapesAreRejectedWithBothShapes() {
        Var x = Var.constant(normal(1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2));
        assertThrows(IllegalArgumentException.class, () -> x.broadcastTo(2, 4));
        assertThrows(IllegalArgumentException.class, () -> x.squeeze(0));
        assertThrows(IllegalArgumentException.class, () -> x.permute(0, 0));
    }
}
