package dev.ppl.examples.variance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's exact ELBO and gradient: the tensor closed form equals an independent scalar
 * computation, and its reverse-mode gradient equals central finite differences of it.
 */
class MixtureModelTest {
    final MixtureModel model = MixtureModel.standard();

    /** The ELBO by explicit loops over points, components and outlier flags (plain doubles). */
    static double elboByLoops(MixtureModel m) {
        double[][] phi = m.phi().value().toDoubleMatrix();
        double[] psi = m.psi().value().toDoubleVector();
        double mu = m.params().get(2).item(), sigma = Math.exp(m.params().get(3).item());
        double total = 0.5 + Math.log(sigma) - 0.5 * (mu * mu + sigma * sigma);
        for (int n = 0; n < MixtureModel.DATA.length; n++) {
            double norm = 0;
            for (double l : phi[n]) {
                norm += Math.exp(l);
            }
            double r1 = 1 / (1 + Math.exp(-psi[n]));
            for (int k = 0; k < MixtureModel.K; k++) {
                double q = Math.exp(phi[n][k]) / norm;
                for (int b = 0; b <= 1; b++) {
                    double r = b == 1 ? r1 : 1 - r1, rho = b == 1 ? 0.2 : 0.8, s = 1 + 2 * b;
                    double d = MixtureModel.DATA[n] - (-2.5 + 2.5 * k) - mu;
                    double lik = -0.5 * Math.log(2 * Math.PI) - Math.log(s) - (d * d + sigma * sigma) / (2 * s * s);
                    total += q * r * (Math.log(1.0 / 3) + Math.log(rho) - Math.log(q) - Math.log(r) + lik);
                }
            }
        }
        return total;
    }

    @Test
    void closedFormEqualsExplicitSum() {
        assertEquals(elboByLoops(model), model.exactElbo().item(), 1e-10);
    }

    @Test
    void exactGradientEqualsFiniteDifferences() {
        double[] grad = VarianceStudy.exactGradient(model);
        double h = 1e-5;
        int j = 0;
        for (Var p : model.params()) {
            for (long i = 0; i < p.length(); i++, j++) {
                double x0 = p.value().getDouble(i);
                p.value().putScalar(i, x0 + h);
                double up = model.exactElbo().item();
                p.value().putScalar(i, x0 - h);
                double down = model.exactElbo().item();
                p.value().putScalar(i, x0);
                assertEquals((up - down) / (2 * h), grad[j], 1e-6, "coordinate " + j);
            }
        }
        assertEquals(model.discreteCoordinates() + 2, j);
    }
}
