package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ActivationsTest {
    @Test
    void nonlinearityGradientsMatchFiniteDifferences() {
        GradCheck.verify("softplus", v -> v.get(0).softplus(), normal(1, 3, 4).muli(3));
        GradCheck.verify("sigmoid", v -> v.get(0).sigmoid(), normal(2, 3, 4).muli(3));
        GradCheck.verify("logSigmoid", v -> v.get(0).logSigmoid(), normal(3, 3, 4).muli(3));
        GradCheck.verify("tanh", v -> v.get(0).tanh(), normal(4, 3, 4));
        GradCheck.verify("relu", v -> v.get(0).relu(), Nd4j.createFromArray(-1.5, -0.2, 0.3, 2.0));
        GradCheck.verify("leakyRelu", v -> v.get(0).leakyRelu(0.1), Nd4j.createFromArray(-1.5, -0.2, 0.3, 2.0));
    }

    @Test
    void softmaxAndLogSoftmaxGradientsMatchFiniteDifferencesOnEachAxis() {
        for (int axis : new int[] {0, 1, -1}) {
            GradCheck.verify("softmax " + axis, v -> v.get(0).softmax(axis), normal(5, 3, 4));
            GradCheck.verify("logSoftmax " + axis, v -> v.get(0).logSoftmax(axis), normal(6, 3, 4));
        }
    }

    @Test
    void softplusAndLogSigmoidDoNotOverflowInFloat32() {
        Var x = Var.constant(Nd4j.createFromArray(200f, -200f));
        assertEquals(200.0, x.softplus().value().getDouble(0), 1e-3);
        assertEquals(0.0, x.softplus().value().getDouble(1), 1e-30);
        assertEquals(-200.0, x.logSigmoid().value().getDouble(1), 1e-3);
        assertEquals(DataType.FLOAT, x.softplus().dtype());
    }

    @Test
    void softmaxRowsSumToOne() {
        Var y = Var.constant(normal(7, 4, 6).muli(30)).softmax(1);
        assertEquals(4.0, y.value().sumNumber().doubleValue(), 1e-12);
    }

    @Test
    void softplusValuesAndGradientsAreFiniteAndRightAtPlusMinus50And700() {
        double[] xs = {-700, -50, 50, 700};
        Var x = Var.param(Nd4j.createFromArray(xs));
        INDArray y = x.softplus().value();
        INDArray g = Grad.grad(x.softplus().sum(), x).get(x);
        for (int i = 0; i < xs.length; i++) {
            // softplus(x) = x + log1p(e^-x) and softplus'(x) = 1 / (1 + e^-x), in plain Java
            double expected = xs[i] > 0 ? xs[i] + Math.log1p(Math.exp(-xs[i])) : Math.log1p(Math.exp(xs[i]));
            double slope = 1 / (1 + Math.exp(-xs[i]));
            assertTrue(Double.isFinite(y.getDouble(i)) && Double.isFinite(g.getDouble(i)), "finite at " + xs[i]);
            assertEquals(expected, y.getDouble(i), 1e-14 * expected, "softplus(" + xs[i] + ")");
            assertEquals(slope, g.getDouble(i), 1e-14 * slope, "softplus'(" + xs[i] + ")");
        }
        assertTrue(y.getDouble(0) > 0, "softplus(-700) = e^-700 is a normal double, not 0");
        GradCheck.verify("softplus far out", v -> v.get(0).softplus(), Nd4j.createFromArray(-50.0, -20.0, 20.0, 50.0));
    }

    @Test
    void logSigmoidKeepsTheRelativeAccuracyOfTinyValues() {
        Var x = Var.constant(Nd4j.createFromArray(50.0, 700.0));
        assertEquals(-Math.exp(-50), x.logSigmoid().value().getDouble(0), 1e-14 * Math.exp(-50));
        assertEquals(-Math.exp(-700), x.logSigmoid().value().getDouble(1), 1e-14 * Math.exp(-700));
    }
}
