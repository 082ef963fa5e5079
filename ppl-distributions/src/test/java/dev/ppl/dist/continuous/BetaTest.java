package dev.ppl.dist.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.ContinuousContract;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import java.util.List;
import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BetaTest extends ContinuousContract {
    @Override protected String family() { return "Beta"; }

    @Override
    protected List<INDArray> parameters() {
        // parameters >= 1: the contract's quadrature cannot integrate x^(a-1) or (1-x)^(b-1) singularities;
        // parameters below 1 are covered by smallParameterPathwiseGradientsAreUnbiased
        return List.of(Nd4j.createFromArray(2.5, 1.0, 6.0), Nd4j.createFromArray(3.0, 1.0, 3.5));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Beta.of(p.get(0), p.get(1));
    }

    @Override
    protected AbstractRealDistribution reference(double[][] t) {
        return new BetaDistribution(null, t[0][0], t[1][0]);
    }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(0.2, 0.55, 0.9);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        INDArray ones = Nd4j.createFromArray(1.0, 1, 1);
        return List.of(
                new InvalidCase("alpha", List.of(Nd4j.createFromArray(1.0, -0.5, 1), ones)),
                new InvalidCase("alpha", List.of(Nd4j.createFromArray(Double.NaN, 1, 1), ones)),
                new InvalidCase("beta", List.of(ones, Nd4j.createFromArray(1.0, 1, 0))),
                new InvalidCase("beta", List.of(ones, Nd4j.createFromArray(1.0, Double.NEGATIVE_INFINITY, 1))));
    }

    @Override protected double outsideSupport() { return 1.5; }

    @Test
    void zeroAndOneAreOutsideTheSupport() {
        Beta d = Beta.of(Var.constant(Nd4j.createFromArray(2.0, 2.0)), Var.constant(Nd4j.createFromArray(2.0, 2.0)));
        INDArray lp = d.logDensity(Var.constant(Nd4j.createFromArray(0.0, 1.0))).value();
        assertEquals(Double.NEGATIVE_INFINITY, lp.getDouble(0));
        assertEquals(Double.NEGATIVE_INFINITY, lp.getDouble(1));
    }

    @Test
    void noiseIsBothStandardDrawsStackedAndReplayReproducesTheDraw() {
        Beta d = Beta.of(Var.constant(Nd4j.createFromArray(0.5, 2.0, 4.0)),
                Var.constant(Nd4j.createFromArray(1.5, 0.7, 4.0)));
        ReparamSample<Var> s = d.reparamSample(Rng.of(11));
        INDArray noise = s.noise();
        assertEquals(List.of(2L, 3L), List.of(noise.shape()[0], noise.shape()[1]));
        INDArray ga = noise.getRow(0), gb = noise.getRow(1);
        assertEquals(ga.div(ga.add(gb)), s.value().value());
        assertEquals(s.value().value(), d.reparam(noise).value());
        assertEquals(s.value().value(), d.sample(Rng.of(11)).value());
        assertThrows(IllegalArgumentException.class, () -> d.reparam(Nd4j.ones(3, 2)));
        // a scalar Beta has noise of shape [2]
        ReparamSample<Var> scalar = Beta.of(2.0, 3.0).reparamSample(Rng.of(1));
        assertEquals(1, scalar.noise().rank());
        assertEquals(0, scalar.value().rank());
        assertEquals(scalar.value().value(), Beta.of(2.0, 3.0).reparam(scalar.noise()).value());
    }

    @Test
    void float32DrawsStayStrictlyInsideTheUnitInterval() {
        Var a = Var.constant(Nd4j.createFromArray(new float[] {8f, 0.05f}).reshape(1, 2).repeat(0, 2000));
        Var b = Var.constant(Nd4j.createFromArray(new float[] {0.05f, 8f}).reshape(1, 2).repeat(0, 2000));
        Beta d = Beta.of(a, b);
        Var x = d.sample(Rng.of(4));
        assertEquals(DataType.FLOAT, x.dtype());
        INDArray lp = d.logDensity(x).value();
        assertTrue(!lp.isInfinite().any() && !lp.isNaN().any(), "log densities of own draws are finite");
    }

    /**
     * Parameters below 1: pathwise gradients of \(E[x] = a/(a+b)\) and
     * \(E[\log x] = \psi(a) - \psi(a+b)\) against their closed-form derivatives.
     */
    @Test
    void smallParameterPathwiseGradientsAreUnbiased() {
        double[] alpha = {0.1, 0.5, 3.0};
        double[] beta = {0.3, 2.0, 0.4};
        double[][] mean = new double[2][3], log = new double[2][3];
        for (int i = 0; i < 3; i++) {
            double a = alpha[i], b = beta[i], s = a + b;
            mean[0][i] = b / (s * s);
            mean[1][i] = -a / (s * s);
            double t = org.apache.commons.math3.special.Gamma.trigamma(s);
            log[0][i] = org.apache.commons.math3.special.Gamma.trigamma(a) - t;
            log[1][i] = -t;
        }
        List<INDArray> params = List.of(Nd4j.createFromArray(alpha), Nd4j.createFromArray(beta));
        PathwiseAssert.assertUnbiased("Beta E[x]", params, p -> Beta.of(p.get(0), p.get(1)), x -> x,
                List.of(Nd4j.createFromArray(mean[0]), Nd4j.createFromArray(mean[1])), 91);
        PathwiseAssert.assertUnbiased("Beta E[log x]", params, p -> Beta.of(p.get(0), p.get(1)), Var::log,
                List.of(Nd4j.createFromArray(log[0]), Nd4j.createFromArray(log[1])), 92);
    }
}
