package dev.ppl.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.TestArrays;
import dev.ppl.autodiff.Var;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class MlpTest {
    @Test
    void linearComputesXWPlusB() {
        Params.Builder b = Params.builder(DataType.DOUBLE, 1);
        Linear l = Linear.create(b, "l", 3, 2);
        Params p = b.build();
        p.get("l/b").value().assign(TestArrays.normal(4, 2));
        var x = TestArrays.normal(2, 5, 3);
        var expected = x.mmul(p.get("l/w").value()).addRowVector(p.get("l/b").value());
        assertEquals(expected, l.apply(p, Var.constant(x)).value());
        assertThrows(IllegalArgumentException.class, () -> l.apply(p, Var.constant(TestArrays.normal(1, 5, 4))));
    }

    @Test
    void mlpRegistersNamedLayersAndHasCorrectGradients() {
        Params.Builder b = Params.builder(DataType.DOUBLE, 1);
        Mlp mlp = Mlp.create(b, "enc", new int[] {4, 6, 3}, Activation.TANH, Activation.SIGMOID);
        Params p = b.build();
        assertEquals(List.of("enc/0/w", "enc/0/b", "enc/1/w", "enc/1/b"), p.names());
        assertArrayEquals(new long[] {7, 3}, mlp.apply(p, Var.constant(TestArrays.normal(3, 7, 4))).shape());
        // gradient with respect to the network's input (parameter gradients flow through the
        // same matmul/add ops, which are checked on both operands in LinalgTest/ArithmeticTest)
        GradCheck.verify("mlp", v -> mlp.apply(p, v.get(0)), TestArrays.normal(5, 2, 4));
    }

    @Test
    void everyActivationAppliesItsFunction() {
        Var x = Var.constant(TestArrays.normal(8, 6));
        assertEquals(x.value(), Activation.IDENTITY.apply(x).value());
        assertEquals(x.relu().value(), Activation.RELU.apply(x).value());
        assertEquals(x.tanh().value(), Activation.TANH.apply(x).value());
        assertEquals(x.sigmoid().value(), Activation.SIGMOID.apply(x).value());
        assertEquals(x.softplus().value(), Activation.SOFTPLUS.apply(x).value());
        assertEquals(x.leakyRelu(0.01).value(), Activation.LEAKY_RELU.apply(x).value());
    }
}
