package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
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
}
