package dev.ppl.examples.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class EvaluationTest {
    @Test
    void meanPerImageIsTheSameForEveryChunkSizeAndBuildsOneObjectivePerChunkSize() {
        INDArray data = Rng.of(3).uniform(DataType.DOUBLE, 10, 4);
        double expected = data.sum(1).meanNumber().doubleValue();
        for (int chunk : new int[] {1, 3, 4, 10, 25}) {
            List<Integer> sizes = new ArrayList<>();
            double v = Evaluation.meanPerImage(n -> {
                sizes.add(n);
                return Expectation.<INDArray>of((ctx, x) -> Var.constant(x.sum(1)).sum());
            }, data, chunk, Rng.of(1));
            assertEquals(expected, v, 1e-9, "chunk " + chunk);
            assertEquals(Math.min(chunk, 10), sizes.get(0));
            assertEquals(10 % Math.min(chunk, 10) == 0 ? Math.min(chunk, 10) : 10 % chunk, sizes.get(sizes.size() - 1));
        }
        assertThrows(IllegalArgumentException.class,
                () -> Evaluation.meanPerImage(n -> Expectation.of((ctx, x) -> Var.constant(x.sum(1)).sum()), data, 0, Rng.of(1)));
    }
}
