package dev.ppl.examples.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.examples.data.Binarized;
import dev.ppl.vi.GradientEstimate;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.objectives.PerDataPoint;
import dev.ppl.vi.objectives.VariationalProblem;
import dev.ppl.vi.strategy.Strategies;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class VaeBoundsTest {
    private static final int N = 6;

    private static INDArray images() {
        return Binarized.sample(Rng.of(11).uniform(DataType.FLOAT, N, 12), Rng.of(12));
    }

    @Test
    void perImageElboSumsToTheLibraryElboWithTheSameGradient() {
        GaussianVae vae = new GaussianVae(12, 3, 7, 5);
        VariationalProblem<INDArray> p = vae.problem(N);
        INDArray x = images();
        GradientEstimate ours = PerDataPoint.elbo(p).gradEstimate(Rng.of(3), x, vae.params().vars());
        GradientEstimate lib = Objectives.elbo(p).gradEstimate(Rng.of(3), x, vae.params().vars());
        assertEquals(lib.value(), ours.value(), 1e-3 * Math.abs(lib.value()));
        for (Var v : vae.params().vars()) {
            assertArrayEquals(lib.gradients().get(v).ravel().toFloatVector(), ours.gradients().get(v).ravel().toFloatVector(), 1e-3f);
        }
    }

    @Test
    void iwelboWithOneParticleIsTheElboAndWithMoreParticlesIsHigherOnAverage() {
        GaussianVae vae = new GaussianVae(12, 3, 7, 5);
        VariationalProblem<INDArray> p = vae.problem(N);
        INDArray x = images();
        assertEquals(PerDataPoint.elbo(p).estimate(Rng.of(4), x), PerDataPoint.iwelbo(p, 1).estimate(Rng.of(4), x), 1e-9);
        double elbo = 0, iw = 0;
        int reps = 50;
        for (int r = 0; r < reps; r++) {
            elbo += PerDataPoint.elbo(p).estimate(Rng.of(100 + r), x) / reps;
            iw += PerDataPoint.iwelbo(p, 10).estimate(Rng.of(200 + r), x) / reps;
        }
        assertTrue(iw > elbo, "IWELBO(10) " + iw + " should exceed the ELBO " + elbo);
    }

    /**
     * With two latent bits, ENUM gives the exact expected per-image ELBO \(\sum_z q(z)\log w(z)\); the
     * mean of 800 single-sample estimates must lie within 4 standard errors of it. This checks that
     * one site per bit keeps enumeration exact per image.
     */
    @Test
    void enumeratedBernoulliElboMatchesTheMonteCarloMean() {
        BernoulliVae vae = new BernoulliVae(12, 2, 7, 5);
        VariationalProblem<INDArray> p = vae.problem(N);
        INDArray x = images();
        double exact = PerDataPoint.elbo(p).withStrategy(vae.latents(), Strategies.ENUM).estimate(Rng.of(1), x);
        int reps = 800;
        double sum = 0, sq = 0;
        for (int r = 0; r < reps; r++) {
            double v = PerDataPoint.elbo(p).estimate(Rng.of(1000 + r), x);
            sum += v;
            sq += v * v;
        }
        double mean = sum / reps, se = Math.sqrt((sq / reps - mean * mean) / reps);
        assertEquals(exact, mean, 4 * se, "ENUM " + exact + " vs Monte Carlo " + mean + " +- " + se);
    }

    @Test
    void renyiWithAlphaZeroIsTheIwelbo() {
        GaussianVae vae = new GaussianVae(12, 3, 7, 5);
        VariationalProblem<INDArray> p = vae.problem(N);
        INDArray x = images();
        assertEquals(PerDataPoint.iwelbo(p, 4).estimate(Rng.of(9), x), PerDataPoint.renyi(p, 0.0, 4).estimate(Rng.of(9), x),
                1e-3);
    }
}
