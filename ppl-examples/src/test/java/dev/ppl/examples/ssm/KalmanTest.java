package dev.ppl.examples.ssm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import java.util.List;
import org.apache.commons.math3.distribution.MultivariateNormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The Kalman filter's \(\log p(y)\) against the joint Gaussian density of \(y\) (covariance
 * \(\mathrm{Cov}(x_s, x_t) = a^{t-s} \mathrm{Var}(x_s)\) plus \(r I\)), and the model's prior
 * density of simulated data consistent with it (the library's assess of the unfold).
 */
class KalmanTest {
    static double jointLogDensity(double[] y, double a, double q, double r) {
        int n = y.length;
        double[] var = new double[n];
        for (int t = 0; t < n; t++) {
            var[t] = t == 0 ? 1 : a * a * var[t - 1] + q;
        }
        double[][] cov = new double[n][n];
        for (int s = 0; s < n; s++) {
            for (int t = s; t < n; t++) {
                cov[s][t] = Math.pow(a, t - s) * var[s] + (s == t ? r : 0);
                cov[t][s] = cov[s][t];
            }
        }
        return Math.log(new MultivariateNormalDistribution(new double[n], cov).density(y));
    }

    @Test
    void kalmanMatchesTheJointGaussian() {
        for (double[] y : StateSpaceModel.simulate(Rng.of(3), 3, 7)) {
            assertEquals(jointLogDensity(y, 0.9, 0.5, 1.0), Kalman.logEvidence(y, 0.9, 0.5, 1.0), 1e-9);
            assertEquals(jointLogDensity(y, -0.4, 2.0, 0.3), Kalman.logEvidence(y, -0.4, 2.0, 0.3), 1e-9);
        }
    }

    @Test
    void trueLogEvidenceIsTheKalmanSumAndTheModelStartsElsewhere() {
        List<double[]> data = StateSpaceModel.simulate(Rng.of(5), 2, 6);
        StateSpaceModel m = new StateSpaceModel(data);
        double truth = Kalman.logEvidence(data.get(0), 0.9, 0.5, 1.0) + Kalman.logEvidence(data.get(1), 0.9, 0.5, 1.0);
        assertEquals(truth, m.trueLogEvidence(), 1e-12);
        double start = Kalman.logEvidence(data.get(0), 0.3, 1.0, 1.0) + Kalman.logEvidence(data.get(1), 0.3, 1.0, 1.0);
        assertEquals(start, m.exactLogEvidence(), 1e-12);
        assertEquals(data.get(1)[4], m.target(1).observations(StateSpaceModel.init()).get("4/y").item(), 0.0);
        Var x0 = StateSpaceModel.init();
        assertEquals(0.0, x0.item());
    }

    @Test
    void sameKeySameData() {
        assertEquals(StateSpaceModel.simulate(Rng.of(9), 2, 5).get(1)[3], StateSpaceModel.simulate(Rng.of(9), 2, 5).get(1)[3]);
    }
}
