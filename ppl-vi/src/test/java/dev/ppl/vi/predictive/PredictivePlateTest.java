package dev.ppl.vi.predictive;

import static dev.ppl.vi.predictive.Moments.assertNormalMoments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.plate.Plate;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A minibatch of \(n\) points with a latent vector per point: \(z_i \sim N(0, I_2)\),
 * \(x_i \sim N(z_i, s^2 I_2)\) in a plate. Per coordinate the posterior is \(N(m, v)\),
 * \(v = 1/(1 + 1/s^2)\), \(m = v\,x/s^2\), and the predictive of \(x_i\) has mean \(m\), variance
 * \(v + s^2\).
 */
@Tag("statistical")
class PredictivePlateTest {
    static final double S = 0.7;
    static final double[][] X = {{0.5, -1.0}, {2.0, 0.1}, {-0.3, 0.9}, {1.2, 1.7}};
    static final int N_POINTS = X.length;
    static final double V = 1 / (1 + 1 / (S * S));

    static final GenerativeFunction<Void, Var> MODEL = Plate.of("points", N_POINTS, (ctx, a) -> {
        Var z = ctx.sample("z", Normal.of(Var.constant(Nd4j.zeros(DataType.DOUBLE, 2)), Var.scalar(1.0, DataType.DOUBLE))
                .toEvent(1));
        return ctx.sample("x", Normal.of(z, Var.scalar(S, DataType.DOUBLE)).toEvent(1));
    });

    static final GenerativeFunction<Void, Var> GUIDE = Plate.of("points", N_POINTS, (ctx, a) -> ctx.sample("z",
            Normal.of(Var.constant(postMeans()), Var.scalar(Math.sqrt(V), DataType.DOUBLE)).toEvent(1)));

    static INDArray postMeans() {
        return Nd4j.createFromArray(X).muli(V / (S * S));
    }

    static double[] entry(ChoiceMap draws, String address, int i, int d) {
        INDArray v = draws.get(address).value();
        double[] out = new double[(int) v.shape()[0]];
        for (int s = 0; s < out.length; s++) {
            out[s] = v.getDouble(s, i, d);
        }
        return out;
    }

    void assertPerPointPredictive(String what, ChoiceMap draws, int n) {
        assertArrayEquals(new long[] {n, N_POINTS, 2}, draws.get("z").shape(), what + ": z");
        assertArrayEquals(new long[] {n, N_POINTS, 2}, draws.get("x").shape(), what + ": x");
        INDArray m = postMeans();
        for (int i = 0; i < N_POINTS; i++) {
            for (int d = 0; d < 2; d++) {
                String at = what + ", point " + i + ", coordinate " + d;
                assertNormalMoments(at + ", z", entry(draws, "z", i, d), m.getDouble(i, d), V);
                assertNormalMoments(at + ", x", entry(draws, "x", i, d), m.getDouble(i, d), V + S * S);
            }
        }
    }

    @Test
    void perPointPredictiveMeansAndVariancesMatchTheClosedFormVectorized() {
        assertPerPointPredictive("vectorized", Predictive.fromGuide(MODEL, GUIDE).numSamples(20000).sample(Rng.of(31), null),
                20000);
    }

    @Test
    void perPointPredictiveMeansAndVariancesMatchTheClosedFormInSequence() {
        assertPerPointPredictive("in sequence",
                Predictive.fromGuide(MODEL, GUIDE).numSamples(2000).inSequence().sample(Rng.of(32), null), 2000);
    }

    @Test
    void posteriorSamplesOfPerPointLatentsGiveThePerPointPredictive() {
        int n = 20000;
        INDArray z = Rng.of(33).normal(DataType.DOUBLE, n, N_POINTS, 2).muli(Math.sqrt(V)).addi(postMeans().reshape(1, N_POINTS, 2));
        ChoiceMap draws = Predictive.fromSamples(MODEL, ChoiceMap.of("z", z)).sample(Rng.of(34), null);
        assertPerPointPredictive("samples", draws, n);
    }
}
