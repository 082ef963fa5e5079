package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static dev.ppl.autodiff.TestArrays.uniform;
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
import org.nd4j.linalg.factory.Nd4j;

class TrigonometricTest {
    private static final double[] ANGLES = {-7.5, -Math.PI, -1.0, -1e-8, 0.0, 0.3, Math.PI / 2, 2.0, 40.0};

    @Test
    void sinAndCosMatchJavaLangMath() {
        Var x = Var.constant(Nd4j.createFromArray(ANGLES));
        for (int i = 0; i < ANGLES.length; i++) {
            assertEquals(Math.sin(ANGLES[i]), x.sin().value().getDouble(i), 1e-15, "sin " + ANGLES[i]);
            assertEquals(Math.cos(ANGLES[i]), x.cos().value().getDouble(i), 1e-15, "cos " + ANGLES[i]);
        }
    }

    @Test
    void sinAndCosGradientsMatchFiniteDifferencesAndTheirClosedForms() {
        GradCheck.verify("sin", v -> v.get(0).sin(), normal(1, 3, 4).muli(3));
        GradCheck.verify("cos", v -> v.get(0).cos(), normal(2, 3, 4).muli(3));
        Var x = Var.param(Nd4j.createFromArray(ANGLES));
        Gradients g = Grad.grad(x.sin().sum().add(x.cos().sum().mul(2.0)), x);
        for (int i = 0; i < ANGLES.length; i++) {
            assertEquals(Math.cos(ANGLES[i]) - 2 * Math.sin(ANGLES[i]), g.get(x).getDouble(i), 1e-15);
        }
    }

    @Test
    void atan2MatchesJavaLangMathInEveryQuadrantAndOnTheAxes() {
        double[] ys = {1, 1, -1, -1, 0, 2, 0, -2, 0.0, 1e-300};
        double[] xs = {2, -2, -2, 2, 3, 0, -3, 0, 0.0, -1};
        Var z = Var.constant(Nd4j.createFromArray(ys)).atan2(Var.constant(Nd4j.createFromArray(xs)));
        for (int i = 0; i < ys.length; i++) {
            assertEquals(Math.atan2(ys[i], xs[i]), z.value().getDouble(i), 1e-15, "atan2(" + ys[i] + ", " + xs[i] + ")");
        }
    }

    @Test
    void atan2GradientIsXOverR2ForYAndMinusYOverR2ForX() {
        Var y = Var.param(Nd4j.createFromArray(0.5, -2.0)), x = Var.param(Nd4j.createFromArray(-1.5, 0.25));
        Gradients g = Grad.grad(y.atan2(x).sum(), y, x);
        for (int i = 0; i < 2; i++) {
            double yi = y.value().getDouble(i), xi = x.value().getDouble(i), r2 = xi * xi + yi * yi;
            assertEquals(xi / r2, g.get(y).getDouble(i), 1e-15);
            assertEquals(-yi / r2, g.get(x).getDouble(i), 1e-15);
        }
        GradCheck.verify("atan2", v -> v.get(0).atan2(v.get(1)), normal(3, 3, 4), normal(4, 3, 4));
    }

    @Test
    void atan2BroadcastsBothOperandsAndSumsGradientsBack() {
        GradCheck.verify("atan2 [2,1] [3]", v -> v.get(0).atan2(v.get(1)), uniform(5, 0.5, 2, 2, 1), uniform(6, -2, -0.5, 3));
        GradCheck.verify("atan2 [] [2,3]", v -> v.get(0).atan2(v.get(1)), Nd4j.scalar(0.7), normal(7, 2, 3));
        Var z = Var.constant(normal(8, 2, 1)).atan2(Var.constant(normal(9, 3)));
        assertArrayEquals(new long[] {2, 3}, z.shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Var.constant(normal(1, 2, 3)).atan2(Var.constant(normal(2, 4))));
        assertTrue(e.getMessage().contains("atan2") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"),
                e.getMessage());
    }

    @Test
    void float32ValuesAgreeWithFloat64() {
        Var x = Var.constant(Nd4j.createFromArray(ANGLES).castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, x.sin().dtype());
        for (int i = 0; i < ANGLES.length; i++) {
            assertEquals(Math.sin(ANGLES[i]), x.sin().value().getDouble(i), 1e-5);
            assertEquals(Math.cos(ANGLES[i]), x.cos().value().getDouble(i), 1e-5);
        }
    }
}
