package dev.ppl.core.plate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.GenerativeFunctionContract;
import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A plate of 4 elements, {@code z_i ~ N(0,1), y_i ~ N(x_i z_i, 0.5)}, with likelihood scale 2.5. */
class PlateTest extends GenerativeFunctionContract<INDArray, Var> {
    static final int N = 4;
    static final double SCALE = 2.5;

    static final GenerativeFunction<INDArray, Var> PLATE = Plate.of("plate", N, SCALE, List.of(), (ctx, x) -> {
        Var z = ctx.sample("z", Normal.of(Var.constant(Nd4j.zeros(DataType.DOUBLE, N)), Var.constant(Nd4j.scalar(1.0))));
        return ctx.sample("y", Normal.of(z.mul(Var.constant(x)), Var.constant(Nd4j.scalar(0.5))));
    });

    @Override protected GenerativeFunction<INDArray, Var> function() { return PLATE; }
    @Override protected INDArray args() { return Nd4j.createFromArray(1.0, -2.0, 0.5, 3.0); }
    @Override protected INDArray otherArgs() { return Nd4j.createFromArray(0.0, 1.0, 1.0, -1.0); }

    @Override
    protected double expectedScore(Trace<INDArray, Var> t) {
        double s = 0;
        for (int i = 0; i < N; i++) {
            s += elementScore(t, i);
        }
        return s;
    }

    private static double elementScore(Trace<INDArray, Var> t, int i) {
        double z = t.choices().get("z").value().getDouble(i), y = t.choices().get("y").value().getDouble(i);
        return SCALE * (new NormalDistribution(0, 1).logDensity(z)
                + new NormalDistribution(t.args().getDouble(i) * z, 0.5).logDensity(y));
    }

    @Test
    void elementScoresAreTheScaledPerElementLogDensitiesAndSumToTheScore() {
        Trace<INDArray, Var> t = PLATE.simulate(Rng.of(1), args());
        INDArray s = Plate.elementScores(t).value();
        assertArrayEquals(new long[] {N}, s.shape());
        for (int i = 0; i < N; i++) {
            assertEquals(elementScore(t, i), s.getDouble(i), 1e-12);
        }
        assertEquals(t.score().item(), s.sumNumber().doubleValue(), 1e-12);
    }

    @Test
    void aSiteWithoutThePlateDimIsAnErrorNamingIt() {
        GenerativeFunction<INDArray, Var> bad = Plate.of("bad", N, (ctx, x) ->
                ctx.sample("w", Normal.of(Var.constant(Nd4j.zeros(DataType.DOUBLE, 3)), Var.constant(Nd4j.scalar(1.0)))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.simulate(Rng.of(1), args()));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("[3]") && e.getMessage().contains("4"),
                e.getMessage());
    }

    @Test
    void invalidSizeOrScaleIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Plate.of("p", 0, (ctx, x) -> null));
        assertThrows(IllegalArgumentException.class, () -> Plate.of("p", 3, -1.0, List.of(), (ctx, x) -> null));
    }
}
