package dev.ppl.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.dist.Rng;
import dev.ppl.vi.train.Minibatches;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BinarizedTest {
    @Test
    void batchIsAPureFunctionOfTheStepWithZeroOneValues() {
        INDArray grey = Rng.of(1).uniform(DataType.FLOAT, 40, 30);
        Binarized a = new Binarized(new Minibatches(grey, 10, 2), 3), b = new Binarized(new Minibatches(grey, 10, 2), 3);
        INDArray x = a.batch(7);
        assertEquals(x, b.batch(7));
        assertEquals(x, a.batch(7));
        assertTrue(!x.equals(a.batch(8)));
        assertEquals(x.length(), x.eq(0.0).castTo(DataType.INT32).sumNumber().longValue()
                + x.eq(1.0).castTo(DataType.INT32).sumNumber().longValue());
    }

    @Test
    void eachPixelIsOneWithProbabilityItsGreyLevel() {
        INDArray grey = Nd4j.valueArrayOf(new long[] {200, 100}, 0.3f);
        double mean = Binarized.sample(grey, Rng.of(5)).meanNumber().doubleValue();
        // 20,000 Bernoulli(0.3) draws: standard error 0.0032
        assertEquals(0.3, mean, 0.015);
        assertEquals(0.0, Binarized.sample(Nd4j.zeros(DataType.FLOAT, 5, 5), Rng.of(6)).sumNumber().doubleValue());
        assertEquals(25.0, Binarized.sample(Nd4j.ones(DataType.FLOAT, 5, 5), Rng.of(6)).sumNumber().doubleValue());
    }
}
