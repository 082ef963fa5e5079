package dev.ppl.vi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Activation;
import dev.ppl.autodiff.nn.Mlp;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Expectation#gradEstimateInto} writes exactly {@code scale} times the gradient that
 * {@link Expectation#gradEstimate} returns into the parameters' flat buffer, and returns the same
 * value: bit for bit, since the scale only enters at the output's seed.
 */
class GradEstimateIntoTest {
    @Test
    void negatedGradientIntoTheFlatBufferEqualsTheNegatedEstimate() {
        Params.Builder b = Params.builder(DataType.FLOAT, 3);
        Mlp enc = Mlp.create(b, "enc", new int[] {6, 5, 2}, Activation.RELU, Activation.IDENTITY);
        Mlp dec = Mlp.create(b, "dec", new int[] {2, 5, 6}, Activation.RELU, Activation.IDENTITY);
        Params params = b.build();
        INDArray x = Rng.of(4).uniform(DataType.FLOAT, 8, 6).lt(0.5).castTo(DataType.FLOAT);
        Expectation<INDArray> e = Expectation.of((ctx, data) -> {
            Var h = enc.apply(params, Var.constant(data));
            Var z = ctx.sample("z", Normal.of(h, Var.scalar(1.0, DataType.FLOAT)));
            Var lpx = Bernoulli.ofLogits(dec.apply(params, z)).logDensity(Var.constant(data)).sum();
            return lpx.add(Normal.of(Var.constant(Nd4j.zeros(DataType.FLOAT, 8, 2)), Var.scalar(1.0, DataType.FLOAT))
                    .logDensity(z).sum());
        });
        GradientEstimate est = e.gradEstimate(Rng.of(9), x, params.vars());
        params.setGrads(est.gradients());
        INDArray expected = params.flatGrads().neg();
        params.zeroGrads();
        double value = e.gradEstimateInto(Rng.of(9), x, params, -1.0);
        assertEquals(est.value(), value, 0.0);
        assertEquals(0.0, expected.sub(params.flatGrads()).amaxNumber().doubleValue());
        assertEquals(true, expected.norm2Number().doubleValue() > 0);
    }
}
