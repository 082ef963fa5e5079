package dev.ppl.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ParamsTest {
    @Test
    void parametersAreViewsIntoOneFlatBuffer() {
        Params.Builder b = Params.builder(DataType.FLOAT, 1);
        b.add("a", Init.constant(1), 2, 3);
        b.add("b", Init.constant(2), 4);
        Params p = b.build();
        assertEquals(10, p.size());
        p.flatValues().muli(3);
        assertEquals(18.0, p.get("a").value().sumNumber().doubleValue());
        assertEquals(24.0, p.get("b").value().sumNumber().doubleValue());
        assertArrayEquals(new long[] {2, 3}, p.get("a").shape());
    }

    @Test
    void setGradsFillsTheFlatGradientBufferAndZerosUnreachedParameters() {
        Params.Builder b = Params.builder(DataType.DOUBLE, 1);
        b.add("a", Init.constant(2), 3);
        b.add("unused", Init.constant(1), 2);
        Params p = b.build();
        p.flatGrads().assign(7);
        Var loss = p.get("a").square().sum();
        p.setGrads(Grad.grad(loss, p.vars()));
        assertArrayEquals(new double[] {4, 4, 4, 0, 0}, p.flatGrads().toDoubleVector(), 0);
        p.addGrads(Grad.grad(loss, p.vars()));
        assertArrayEquals(new double[] {8, 8, 8, 0, 0}, p.flatGrads().toDoubleVector(), 0);
    }

    @Test
    void computeGradsEqualsSetGradsOfTheReversePass() {
        Params.Builder b = Params.builder(DataType.DOUBLE, 4);
        Mlp mlp = Mlp.create(b, "mlp", new int[] {3, 5, 2}, Activation.RELU, Activation.IDENTITY);
        b.add("unused", Init.constant(1), 2);
        Params p = b.build();
        Var x = Var.constant(dev.ppl.autodiff.TestArrays.normal(1, 6, 3));
        Var loss = mlp.apply(p, x).square().mean();
        p.setGrads(Grad.grad(loss, p.vars()));
        double[] expected = p.flatGrads().toDoubleVector();
        p.flatGrads().assign(7);
        p.computeGrads(loss);
        assertArrayEquals(expected, p.flatGrads().toDoubleVector(), 1e-12);
    }

    @Test
    void duplicateAndUnknownNamesAreErrors() {
        Params.Builder b = Params.builder(DataType.FLOAT, 1);
        b.add("w", Init.zeros(), 2);
        assertThrows(IllegalArgumentException.class, () -> b.add("w", Init.zeros(), 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.build().get("v"));
        assertTrue(e.getMessage().contains("'v'") && e.getMessage().contains("w"), e.getMessage());
    }

    @Test
    void loadChecksNamesAndShapesAndListsEveryDifference() {
        Params.Builder b = Params.builder(DataType.FLOAT, 1);
        b.add("w", Init.zeros(), 2, 2);
        b.add("b", Init.zeros(), 2);
        Params p = b.build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.load(Map.of("w", Nd4j.zeros(3, 2), "c", Nd4j.zeros(2))));
        assertTrue(e.getMessage().contains("missing 'b'"), e.getMessage());
        assertTrue(e.getMessage().contains("'w' has shape [3, 2], expected [2, 2]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected 'c'"), e.getMessage());
    }

    @Test
    void initialisationIsReproducibleAndIndependentOfRegistrationOrder() {
        Params.Builder b1 = Params.builder(DataType.FLOAT, 42);
        b1.add("x", Init.normal(1), 5);
        b1.add("y", Init.normal(1), 5);
        Params.Builder b2 = Params.builder(DataType.FLOAT, 42);
        b2.add("y", Init.normal(1), 5);
        b2.add("x", Init.normal(1), 5);
        Params p1 = b1.build(), p2 = b2.build();
        assertEquals(p1.get("x").value(), p2.get("x").value());
        assertEquals(p1.get("y").value(), p2.get("y").value());
        assertTrue(p1.get("x").value().sub(p1.get("y").value()).norm2Number().doubleValue() > 0);
    }

    @Test
    void parametersAreFloat32ByDefault() {
        Params.Builder b = Params.builder(1);
        b.add("w", Init.zeros(), 2);
        assertEquals(DataType.FLOAT, b.build().get("w").dtype());
    }

    @Test
    void nonFloatingParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Params.builder(DataType.INT, 1));
    }
}
