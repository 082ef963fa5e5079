package dev.ppl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.continuous.Cauchy;
import dev.ppl.dist.continuous.DiagonalNormal;
import dev.ppl.dist.continuous.Laplace;
import dev.ppl.dist.continuous.MultivariateNormal;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.continuous.StudentT;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Real-valued families given a NaN or infinite value: under {@link Validation#strict()} an error
 * naming the family, the element and the value; by default NaN for NaN (the formula's result).
 */
class NonFiniteValuesTest {
    static Var s(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    static Var v(double... v) {
        return Var.constant(Nd4j.createFromArray(v));
    }

    record Family(String name, Supplier<Distribution<Var>> dist, Var bad) {}

    static List<Family> families() {
        return List.of(
                new Family("Normal", () -> Normal.of(s(0), s(1)), v(0.5, Double.NaN)),
                new Family("Cauchy", () -> Cauchy.of(s(0), s(1)), v(0.5, Double.NaN)),
                new Family("Laplace", () -> Laplace.of(s(0), s(1)), v(0.5, Double.NaN)),
                new Family("StudentT", () -> StudentT.of(s(3), s(0), s(1)), v(0.5, Double.NaN)),
                new Family("DiagonalNormal", () -> DiagonalNormal.of(v(0, 0), v(1, 1)), v(0.5, Double.NaN)),
                new Family("MultivariateNormal", () -> MultivariateNormal.of(v(0, 0),
                        Var.constant(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}))), v(0.5, Double.NaN)));
    }

    @Test
    void strictModeRejectsNaNAndInfiniteValuesNamingTheFamilyAndTheElement() {
        for (Family f : families()) {
            try (Validation strict = Validation.strict()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.dist().get().logDensity(f.bad()),
                        f.name());
                assertTrue(e.getMessage().startsWith(f.name()) && e.getMessage().contains("element 1")
                        && e.getMessage().contains("NaN"), e.getMessage());
                Var inf = v(Double.POSITIVE_INFINITY, 0.0);
                IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> f.dist().get().logDensity(inf));
                assertTrue(e2.getMessage().contains("Infinity"), e2.getMessage());
            }
        }
    }

    @Test
    void byDefaultANaNValueHasANaNLogDensity() {
        for (Family f : families()) {
            double total = f.dist().get().logDensity(f.bad()).value().sumNumber().doubleValue();
            assertEquals(Double.NaN, total, 0.0, f.name());
        }
    }
}
