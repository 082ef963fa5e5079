package dev.ppl.examples.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;
import dev.ppl.vi.objectives.VariationalProblem;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GaussianVaeTest {
    @Test
    void guideDrawsOneLatentVectorPerImageAndTheModelScoresThemWithThePixels() {
        GaussianVae vae = new GaussianVae(10, 3, 8, 1);
        VariationalProblem<INDArray> p = vae.problem(4);
        INDArray x = Nd4j.ones(DataType.FLOAT, 4, 10);
        Trace<INDArray, ?> q = p.guide().simulate(Rng.of(2), x);
        assertArrayEquals(new long[] {4, 3}, q.choices().get("z").shape());
        double logP = p.model().assess(q.choices().merge(p.observations().apply(x)), x).logDensity().item();
        assertTrue(Double.isFinite(logP) && logP < 0, "log p(x, z) = " + logP);
    }

    @Test
    void encoderAndDecoderShapes() {
        GaussianVae vae = new GaussianVae(10, 3, 8, 1);
        assertArrayEquals(new long[] {5, 3}, vae.encodeMean(Nd4j.ones(DataType.FLOAT, 5, 10)).shape());
        INDArray probs = vae.decode(Nd4j.zeros(DataType.FLOAT, 2, 3));
        assertArrayEquals(new long[] {2, 10}, probs.shape());
        assertTrue(probs.minNumber().doubleValue() > 0 && probs.maxNumber().doubleValue() < 1);
        assertThrows(IllegalArgumentException.class, () -> vae.decode(Nd4j.zeros(DataType.FLOAT, 2, 4)));
    }

    @Test
    void bernoulliVaeHasOneAddressPerLatentBit() {
        BernoulliVae vae = new BernoulliVae(10, 3, 8, 1);
        VariationalProblem<INDArray> p = vae.problem(4);
        Trace<INDArray, ?> q = p.guide().simulate(Rng.of(2), Nd4j.ones(DataType.FLOAT, 4, 10));
        for (String a : new String[] {"z0", "z1", "z2"}) {
            assertArrayEquals(new long[] {4}, q.choices().get(a).shape(), a);
            assertTrue(vae.latents().contains(dev.ppl.core.Address.parse(a)), a);
        }
        assertArrayEquals(new long[] {8, 10}, vae.decode(Nd4j.zeros(DataType.FLOAT, 8, 3)).shape());
    }
}
