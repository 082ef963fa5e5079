package dev.ppl.autodiff.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.optim.Adam;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * RELAX on Grathwohl et al.'s toy problem ({@link RelaxToyProblem}), with the surrogate trained
 * through second-order reverse mode: the estimate is unbiased before and after training, and
 * training lowers its variance well below REINFORCE's at the same \(\theta\).
 */
class RelaxToyProblemTest {
    private static final double THETA = 0.0;
    private static final int EVAL = 20_000;

    /** Mean and variance of the column {@code g} ([n, 1]). */
    private static double[] moments(INDArray g) {
        double mean = g.meanNumber().doubleValue();
        double var = g.sub(mean).muli(g.sub(mean)).sumNumber().doubleValue() / (g.length() - 1);
        return new double[] {mean, var};
    }

    private static void assertUnbiased(String when, double[] m) {
        double se = Math.sqrt(m[1] / EVAL), exact = RelaxToyProblem.exactGradient(THETA);
        assertTrue(Math.abs(m[0] - exact) < 4 * se,
                when + ": RELAX mean " + m[0] + " vs exact " + exact + " (SE " + se + ")");
    }

    @Test
    void relaxIsUnbiasedAndTrainingItsSurrogateByTheVarianceGradientBeatsReinforce() {
        RelaxToyProblem relax = new RelaxToyProblem(8, 11);
        SplittableRandom rng = new SplittableRandom(2018);
        double reinforceVar = RelaxToyProblem.reinforceVariance(THETA);
        double[] sampledReinforce = moments(RelaxToyProblem.reinforce(THETA, EVAL, rng));
        assertTrue(Math.abs(sampledReinforce[1] / reinforceVar - 1) < 0.05,
                "sampled REINFORCE variance " + sampledReinforce[1] + " vs exact " + reinforceVar);

        double[] before = moments(relax.estimates(THETA, EVAL, rng).value());
        assertUnbiased("untrained surrogate", before);

        Adam adam = new Adam(0.01);
        for (int step = 0; step < 300; step++) {
            relax.trainStep(adam, THETA, 256, rng);
        }
        double[] after = moments(relax.estimates(THETA, EVAL, rng).value());
        assertUnbiased("trained surrogate", after);
        System.out.printf("RELAX toy problem at theta=%.1f: exact gradient %.6f; REINFORCE variance %.6f; RELAX "
                + "variance %.6f untrained, %.6f after 300 steps (mean %.6f)%n", THETA,
                RelaxToyProblem.exactGradient(THETA), reinforceVar, before[1], after[1], after[0]);
        assertTrue(after[1] < 0.01 * reinforceVar, "RELAX variance " + after[1] + " vs REINFORCE " + reinforceVar);
    }

    /**
     * With the noise fixed (common random numbers) the sampled variance \(\frac1N\sum_n \hat g_n^2\) is a
     * smooth function of \(\phi\); its gradient by second-order reverse mode must equal central finite
     * differences in every element of \(\phi\). (Training with the surrogate's \(\theta\)-gradients cut
     * from \(\phi\) still lowers the variance, so only this check pins the second-order path.)
     */
    @Test
    void theVarianceGradientInPhiMatchesFiniteDifferencesUnderCommonRandomNumbers() {
        RelaxToyProblem relax = new RelaxToyProblem(8, 11);
        double theta = 0.4, h = 1e-6;
        relax.params().computeGrads(relax.estimates(theta, 64, new SplittableRandom(5)).square().mean());
        INDArray phi = relax.params().flatValues(), analytic = relax.params().flatGrads().dup();
        for (long k = 0; k < phi.length(); k++) {
            double x = phi.getDouble(k);
            phi.putScalar(k, x + h);
            double plus = relax.estimates(theta, 64, new SplittableRandom(5)).square().mean().item();
            phi.putScalar(k, x - h);
            double minus = relax.estimates(theta, 64, new SplittableRandom(5)).square().mean().item();
            phi.putScalar(k, x);
            double numeric = (plus - minus) / (2 * h), a = analytic.getDouble(k);
            assertTrue(Math.abs(a - numeric) <= 1e-7 + 1e-5 * Math.abs(numeric),
                    "d Var / d phi[" + k + "]: " + a + " by second-order reverse mode, " + numeric + " by finite differences");
        }
    }
}
