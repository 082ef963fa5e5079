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
import org.nd4j.linalg.factory.Nd4j;

class LogSpaceTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** \(\log(e^a + e^b)\) in plain Java, the same stable way; exact cases are asserted separately below. */
    private static double reference(double a, double b) {
        double m = Math.max(a, b);
        return m == Double.NEGATIVE_INFINITY || m == INF ? m : m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    @Test
    void logaddexpIsFiniteAndRightFarBeyondWhereExpOverflows() {
        double[] as = {0.3, 1000, -1000, 0, -700, 710, -INF, INF, -INF, 2.0};
        double[] bs = {-1.2, 1000, -1000, -700, 0, 709, -INF, 1.0, 3.0, 2.0};
        Var z = Var.constant(Nd4j.createFromArray(as)).logaddexp(Var.constant(Nd4j.createFromArray(bs)));
        for (int i = 0; i < as.length; i++) {
            double expected = reference(as[i], bs[i]);
            assertEquals(expected, z.value().getDouble(i), 1e-15 * Math.max(1, Math.abs(expected)), as[i] + ", " + bs[i]);
        }
        assertEquals(1000 + Math.log(2), z.value().getDouble(1), 1e-12);
        assertEquals(Math.exp(-700), z.value().getDouble(3), 1e-14 * Math.exp(-700)); // log1p(e^-700), not rounded to 0
        assertTrue(z.value().getDouble(3) > 0);
        assertEquals(Double.NEGATIVE_INFINITY, z.value().getDouble(6));
        assertEquals(INF, z.value().getDouble(7));
        assertEquals(Math.log(Math.exp(0.3) + Math.exp(-1.2)), z.value().getDouble(0), 1e-15);
    }

    @Test
    void gradientIsTheSoftmaxWeightsEvenAtExtremes() {
        double[] as = {0.3, 1000, -1000, 0, -INF, 5.0};
        double[] bs = {-1.2, 999, -1000, -800, 3.0, -INF};
        Var a = Var.param(Nd4j.createFromArray(as)), b = Var.param(Nd4j.createFromArray(bs));
        Gradients g = Grad.grad(a.logaddexp(b).sum(), a, b);
        for (int i = 0; i < as.length; i++) {
            double wa = as[i] == -INF ? 0 : bs[i] == -INF ? 1 : 1 / (1 + Math.exp(bs[i] - as[i]));
            assertEquals(wa, g.get(a).getDouble(i), 1e-15, "d/da at " + as[i] + ", " + bs[i]);
            assertEquals(1 - wa, g.get(b).getDouble(i), 1e-15, "d/db at " + as[i] + ", " + bs[i]);
        }
        for (double inf : new double[] {-INF, INF}) {
            Var p = Var.param(Nd4j.createFromArray(inf)), q = Var.param(Nd4j.createFromArray(inf));
            Gradients gi = Grad.grad(p.logaddexp(q).sum(), p, q);
            assertEquals(0.5, gi.get(p).getDouble(0), 0.0, "equal infinite operands share the weight: " + inf);
            assertEquals(0.5, gi.get(q).getDouble(0), 0.0, "equal infinite operands share the weight: " + inf);
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesUnderBroadcasting() {
        GradCheck.verify("logaddexp", v -> v.get(0).logaddexp(v.get(1)), normal(1, 3, 4).muli(3), normal(2, 3, 4).muli(3));
        GradCheck.verify("logaddexp [2,1] [3]", v -> v.get(0).logaddexp(v.get(1)), normal(3, 2, 1), normal(4, 3));
        GradCheck.verify("logaddexp [] [2,3]", v -> v.get(0).logaddexp(v.get(1)), Nd4j.scalar(0.4), normal(5, 2, 3));
        assertArrayEquals(new long[] {2, 3}, Var.constant(normal(6, 3)).logaddexp(Var.constant(normal(7, 2, 1))).shape());
    }

    @Test
    void float32DoesNotOverflowAndMismatchedShapesAreNamed() {
        Var z = Var.constant(Nd4j.createFromArray(100f, -100f)).logaddexp(Var.constant(Nd4j.createFromArray(100f, -100f)));
        assertEquals(DataType.FLOAT, z.dtype());
        assertEquals(100 + Math.log(2), z.value().getDouble(0), 1e-4);
        assertEquals(-100 + Math.log(2), z.value().getDouble(1), 1e-4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Var.constant(normal(1, 2, 3)).logaddexp(Var.constant(normal(2, 2))));
        assertTrue(e.getMessage().contains("logaddexp") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2]"),
                e.getMessage());
    }
}
