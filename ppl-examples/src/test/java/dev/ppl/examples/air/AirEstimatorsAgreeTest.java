package dev.ppl.examples.air;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.PerDataPoint;
import dev.ppl.vi.strategy.Strategies;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * On a tiny AIR (8 x 8 scenes, 4 x 4 objects, T = 2), the gradients of the per-image ELBO under
 * every unbiased estimator of the presence choices agree in expectation with exact enumeration
 * (ENUM sums both values of each choice; the continuous choices are reparameterized in all).
 * Compared: the mean of independent estimates within 4 standard errors, for the presence logit's
 * bias (the parameter the discrete estimators differ on), a guide LSTM bias and a decoder bias.
 * The same test finds the bias of drawing the presence choices without a score term.
 */
@Tag("statistical")
class AirEstimatorsAgreeTest {
    private static final int N = 16;
    private static final int REPS = 150;
    private static final String[] WATCHED = {"guide/predict/b", "guide/rnn/b", "model/decoder/1/b"};

    private static AirModel tiny(AirEstimator est) {
        AirModel m = est.model(AirConfig.tiny(8, 4, 2), 5);
        m.setPresencePrior(0.5);
        return m;
    }

    private static INDArray scenes() {
        // a bright square in one of four places on a dim background, none in every fifth scene: scenes differ, so an
        // estimator that pairs one scene's continuation with another's latents is found out
        INDArray x = Rng.of(9).uniform(DataType.FLOAT, N, 64).muli(0.2);
        for (int i = 0; i < N; i++) {
            if (i % 5 == 4) {
                continue;
            }
            int r0 = (i % 4 < 2) ? 1 : 4, c0 = (i % 2 == 0) ? 1 : 4;
            for (int r = r0; r < r0 + 3; r++) {
                for (int c = c0; c < c0 + 3; c++) {
                    x.putScalar(i, r * 8L + c, 0.9);
                }
            }
        }
        return x;
    }

    /** Per watched scalar: the mean and the standard error of {@code REPS} estimates. */
    private static double[][] moments(AirModel model, Expectation<INDArray> objective, INDArray x, long seed) {
        List<Var> params = model.params().vars();
        double[] sum = new double[WATCHED.length], sq = new double[WATCHED.length];
        for (int r = 0; r < REPS; r++) {
            double[] g = new double[WATCHED.length];
            try (Arena ignored = Arena.open("air-agree")) {
                Gradients grads = objective.gradEstimate(Rng.of(seed).fold(r), x, params).gradients();
                for (int j = 0; j < WATCHED.length; j++) {
                    INDArray v = grads.get(model.params().get(WATCHED[j]));
                    g[j] = j == 0 ? v.getDouble(0) : v.sumNumber().doubleValue();
                }
            }
            for (int j = 0; j < WATCHED.length; j++) {
                sum[j] += g[j];
                sq[j] += g[j] * g[j];
            }
        }
        double[][] out = new double[WATCHED.length][2];
        for (int j = 0; j < WATCHED.length; j++) {
            double mean = sum[j] / REPS;
            out[j][0] = mean;
            out[j][1] = Math.sqrt(Math.max(0, sq[j] / REPS - mean * mean) / (REPS - 1));
        }
        return out;
    }

    private static double z(double[] a, double[] b) {
        return Math.abs(a[0] - b[0]) / Math.sqrt(a[1] * a[1] + b[1] * b[1]);
    }

    @Test
    void everyUnbiasedEstimatorMatchesEnumerationInExpectation() {
        INDArray x = scenes();
        AirModel reference = tiny(AirEstimator.ENUM);
        double[][] exact = moments(reference, AirEstimator.ENUM.objective(reference, N), x, 100);
        StringBuilder report = new StringBuilder();
        for (AirEstimator est : new AirEstimator[] {AirEstimator.ENUM_PARALLEL, AirEstimator.MVD, AirEstimator.REINFORCE, AirEstimator.REINFORCE_BASELINE,
                AirEstimator.HYBRID}) {
            AirModel model = tiny(est);
            double[][] m = moments(model, est.objective(model, N), x, 200 + est.ordinal());
            for (int j = 0; j < WATCHED.length; j++) {
                report.append(String.format("%s %s: %.4f +- %.4f vs ENUM %.4f +- %.4f (z %.2f)%n", est.label(), WATCHED[j], m[j][0],
                        m[j][1], exact[j][0], exact[j][1], z(m[j], exact[j])));
            }
            for (int j = 0; j < WATCHED.length; j++) {
                assertTrue(z(m[j], exact[j]) < 4, est.label() + " " + WATCHED[j] + " disagrees with ENUM:\n" + report);
            }
        }
        System.out.print(report);
    }

    @Test
    void drawingThePresenceChoicesWithoutAScoreTermIsFoundBiased() {
        INDArray x = scenes();
        AirModel reference = tiny(AirEstimator.ENUM);
        double[][] exact = moments(reference, AirEstimator.ENUM.objective(reference, N), x, 100);
        AirModel model = tiny(AirEstimator.REINFORCE);
        Expectation<INDArray> biased = PerDataPoint.elbo(model.problem(N));
        for (int t = 0; t < 2; t++) {
            biased = biased.withStrategy(AirModel.presenceAddress(t), Strategies.SAMPLE_ONLY);
        }
        double[][] m = moments(model, biased, x, 300);
        assertTrue(z(m[0], exact[0]) > 4, String.format("SAMPLE_ONLY presence gradient %.4f +- %.4f vs ENUM %.4f +- %.4f",
                m[0][0], m[0][1], exact[0][0], exact[0][1]));
    }
}
