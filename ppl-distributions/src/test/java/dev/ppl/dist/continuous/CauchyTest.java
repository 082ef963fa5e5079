package dev.ppl.dist.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.DistributionContract;
import dev.ppl.dist.Rng;
import java.util.List;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.distribution.CauchyDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cauchy against Commons Math. It extends {@link DistributionContract}, not ContinuousContract:
 * the latter's quadrature runs over the reference's central \(1 - 2\cdot10^{-12}\) mass, about
 * \(\pm 3\cdot10^{11}\gamma\) here, and exceeds its evaluation budget, and its pathwise check of
 * \(E[\sin x]\) is ill-posed for the scale (\(\cos(x)\,w\) with Cauchy \(w\) is not integrable).
 * The continuous-family checks are therefore written here: a Kolmogorov-Smirnov test,
 * normalization by the substitution \(x = x_0 + \gamma\tan\theta\), and pathwise gradients of
 * \(E[1/(1+x^2)] = (1+\gamma)/(x_0^2 + (1+\gamma)^2)\) (the Poisson-kernel identity).
 */
class CauchyTest extends DistributionContract {
    @Override protected String family() { return "Cauchy"; }

    @Override
    protected List<INDArray> parameters() {
        return List.of(Nd4j.createFromArray(0.0, -1.5, 3.0), Nd4j.createFromArray(1.0, 0.5, 2.0));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Cauchy.of(p.get(0), p.get(1));
    }

    private static CauchyDistribution reference(double[][] t) {
        return new CauchyDistribution(null, t[0][0], t[1][0]);
    }

    @Override
    protected double referenceLogDensity(double[][] t, double x) {
        return reference(t).logDensity(x);
    }

    @Override protected double referenceMean(double[][] t) { return Double.NaN; }
    @Override protected double referenceVariance(double[][] t) { return Double.NaN; }
    @Override protected boolean continuous() { return true; }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(0.3, -2.0, 5.5);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        return List.of(
                new InvalidCase("scale", List.of(Nd4j.createFromArray(0.0, 0, 0), Nd4j.createFromArray(1.0, -1, 1))),
                new InvalidCase("scale", List.of(Nd4j.createFromArray(0.0, 0, 0), Nd4j.createFromArray(1.0, 0, 1))),
                new InvalidCase("loc", List.of(Nd4j.createFromArray(0.0, Double.NaN, 0), Nd4j.createFromArray(1.0, 1, 1))));
    }

    @Override protected double outsideSupport() { return Double.NaN; }

    @Test
    void meanAndVarianceAreUndefined() {
        Distribution<Var> d = create(constants(parameters()));
        assertTrue(assertThrows(IllegalStateException.class, d::mean).getMessage().contains("Cauchy"));
        assertTrue(assertThrows(IllegalStateException.class, d::variance).getMessage().contains("Cauchy"));
    }

    @Test
    void samplesPassAKolmogorovSmirnovTestAgainstTheReferenceCdf() {
        List<INDArray> ps = parameters();
        INDArray draws = create(constants(ps.stream().map(p -> repeat(p, 5000)).toList())).sample(Rng.of(99))
                .value().castTo(DataType.DOUBLE);
        for (int i = 0; i < batchSize(); i++) {
            double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(reference(theta(ps, i)),
                    draws.getColumn(i).toDoubleVector());
            assertTrue(p > 1e-3, "Cauchy batch element " + i + ": KS p-value " + p);
        }
    }

    @Test
    void densityIntegratesToOne() {
        // x = x0 + g tan(theta), dx = g / cos^2(theta) dtheta: piecewise Gauss-Legendre on (-pi/2, pi/2),
        // all nodes of all batch elements in one log-density call
        List<INDArray> ps = parameters();
        int pieces = 16, order = 32, m = pieces * order, n = batchSize();
        double[] theta = new double[m], w = new double[m];
        for (int k = 0; k < pieces; k++) {
            double a = -Math.PI / 2 + k * Math.PI / pieces;
            GaussIntegrator g = new GaussIntegratorFactory().legendre(order, a, a + Math.PI / pieces);
            for (int j = 0; j < order; j++) {
                theta[k * order + j] = g.getPoint(j);
                w[k * order + j] = g.getWeight(j);
            }
        }
        INDArray x = Nd4j.create(DataType.DOUBLE, m, n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                x.putScalar(k, i, ps.get(0).getDouble(i) + ps.get(1).getDouble(i) * Math.tan(theta[k]));
            }
        }
        INDArray lp = create(constants(ps)).logDensity(Var.constant(x)).value();
        for (int i = 0; i < n; i++) {
            double mass = 0;
            for (int k = 0; k < m; k++) {
                double c = Math.cos(theta[k]);
                mass += w[k] * Math.exp(lp.getDouble(k, i)) * ps.get(1).getDouble(i) / (c * c);
            }
            assertEquals(1.0, mass, 1e-6, "Cauchy batch element " + i);
        }
    }

    @Test
    void pathwiseGradientsOfAPoissonKernelExpectationAreUnbiased() {
        List<INDArray> ps = parameters();
        int groups = 40, perGroup = 500;
        double[][][] est = new double[2][groups][];
        Rng[] keys = Rng.of(31).split(groups);
        for (int g = 0; g < groups; g++) {
            Var loc = Var.param(ps.get(0)), scale = Var.param(ps.get(1));
            Var x = Cauchy.of(loc.expandDims(0).broadcastTo(perGroup, 3), scale.expandDims(0).broadcastTo(perGroup, 3))
                    .reparamSample(keys[g]).value();
            Gradients grads = Grad.grad(x.square().add(1.0).rdiv(1.0).sum().div(perGroup), loc, scale);
            est[0][g] = grads.get(loc).toDoubleVector();
            est[1][g] = grads.get(scale).toDoubleVector();
        }
        for (int k = 0; k < batchSize(); k++) {
            double x0 = ps.get(0).getDouble(k), s = 1 + ps.get(1).getDouble(k);
            double denom = (x0 * x0 + s * s) * (x0 * x0 + s * s);
            double[] exact = {-2 * x0 * s / denom, (x0 * x0 - s * s) / denom};
            for (int j = 0; j < 2; j++) {
                double[] col = new double[groups];
                for (int g = 0; g < groups; g++) {
                    col[g] = est[j][g][k];
                }
                double se = Math.sqrt(StatUtils.variance(col) / groups);
                assertEquals(exact[j], StatUtils.mean(col), 4 * se + 1e-9,
                        "Cauchy: pathwise gradient wrt parameter " + j + " element " + k);
            }
        }
    }

    @Test
    void replayingTheNoiseReproducesTheDraw() {
        Cauchy d = Cauchy.of(Var.constant(parameters().get(0)), Var.constant(parameters().get(1)));
        var draw = d.reparamSample(Rng.of(5));
        assertEquals(draw.value().value(), d.reparam(draw.noise()).value());
        INDArray u = draw.noise();
        assertTrue(u.minNumber().doubleValue() > 0 && u.maxNumber().doubleValue() < 1, "noise is U(0, 1)");
    }
}
