package dev.ppl.core.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.plate.Plate;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Validation;
import dev.ppl.dist.continuous.Normal;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** A given value must have its choice's shape; a non-finite one is an error in strict mode, naming the address. */
class ValueShapeTest {
    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    static final GenerativeFunction<Void, Var> MODEL = Gen.fn("model", (ctx, a) -> {
        Var z = ctx.sample("z", Normal.of(c(0), c(1)));
        return ctx.sample("y", Normal.of(z, c(1)));
    });

    @Test
    void aConstraintOfAnotherShapeIsAnErrorNamingBothShapes() {
        ChoiceMap y = ChoiceMap.of("y", Nd4j.createFromArray(1.0, 2.0, 3.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MODEL.generate(Rng.of(1), y, null));
        assertTrue(e.getMessage().contains("'y'") && e.getMessage().contains("[3]") && e.getMessage().contains("[]"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MODEL.assess(ChoiceMap.of("z", Nd4j.scalar(0.1)).merge(y), null));
    }

    @Test
    void insideAPlateADistributionSharedByEveryElementScoresOneValuePerElement() {
        GenerativeFunction<Void, Var> plate = Plate.of("data", 3, (ctx, a) -> ctx.sample("x", Normal.of(c(0.5), c(1)).toEvent(0)));
        double[] xs = {0.1, -0.4, 2.0};
        var g = plate.generate(Rng.of(1), ChoiceMap.of("x", Nd4j.createFromArray(xs)), null);
        double exact = 0;
        for (double x : xs) {
            exact += new NormalDistribution(0.5, 1).logDensity(x);
        }
        assertEquals(exact, g.weight().item(), 1e-12);
    }

    @Test
    void aNaNConstraintIsAnErrorInStrictModeNamingTheAddress() {
        try (Validation strict = Validation.strict()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MODEL.generate(Rng.of(1), ChoiceMap.of("y", Nd4j.scalar(Double.NaN)), null));
            assertTrue(e.getMessage().contains("'y'") && e.getMessage().contains("Normal") && e.getMessage().contains("NaN"),
                    e.getMessage());
        }
    }
}
