package dev.ppl.vi.predictive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** All draws in one run of the model inside the particle plate; in sequence, one run per draw. */
class PredictiveVectorizationTest {
    @Test
    void vectorizedDrawsRunTheModelOnceBesideTheShapeRunAndInSequenceOncePerDraw() {
        AtomicInteger runs = new AtomicInteger();
        GenerativeFunction<Void, Var> model = Gen.fn("counted", (ctx, a) -> {
            runs.incrementAndGet();
            Var mu = ctx.sample("mu", Normal.of(0.0, 1.0));
            return ctx.plate("data", 3, () -> ctx.sample("y", Normal.of(mu, Var.scalar(1.0, DataType.DOUBLE))));
        });
        Predictive<Void> p = Predictive.fromGuide(model, ConjugateNormal.PRIOR).numSamples(500);
        ChoiceMap draws = p.sample(Rng.of(1), null);
        assertEquals(2, runs.get(), "one run to find the site shapes, one for all 500 draws");
        assertArrayEquals(new long[] {500, 3}, draws.get("y").shape());
        runs.set(0);
        p.numSamples(20).inSequence().sample(Rng.of(1), null);
        assertEquals(21, runs.get(), "one run to find the site shapes, one per draw");
    }

    @Test
    void choicesWithBatchDimsNoPlateOwnsAreDrawnInSequence() {
        AtomicInteger runs = new AtomicInteger();
        GenerativeFunction<Void, Var> model = Gen.fn("joint", (ctx, a) -> {
            runs.incrementAndGet();
            Var w = ctx.sample("w", Normal.of(Var.constant(Nd4j.zeros(DataType.DOUBLE, 3)), Var.scalar(1.0, DataType.DOUBLE)));
            return ctx.sample("y", Normal.of(w, Var.scalar(0.1, DataType.DOUBLE)));
        });
        INDArray w = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {-1, -2, -3}});
        ChoiceMap draws = Predictive.fromSamples(model, ChoiceMap.of("w", w)).sample(Rng.of(2), null);
        assertEquals(3, runs.get(), "one run to find the site shapes, one per draw");
        assertArrayEquals(new long[] {2, 3}, draws.get("y").shape());
        INDArray diff = draws.get("y").value().sub(w);
        assertEquals(0, diff.amaxNumber().doubleValue(), 0.5, "y follows its own sample's w: " + draws);
    }
}
