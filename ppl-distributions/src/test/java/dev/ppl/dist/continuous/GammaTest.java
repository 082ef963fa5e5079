package dev.ppl.dist.continuous;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.apache.commons.math3.distribution.GammaDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GammaTest extends ContinuousContract {
    @Override protected String family() { return "Gamma"; }

    @Override
    protected List<INDArray> parameters() {
        // concentrations >= 1: the contract's quadrature cannot integrate the x^(alpha-1) singularity at 0;
        // small concentrations are covered by smallConcentrationPathwiseGradientsAreUnbiased and ImplicitGammaTest
        return List.of(Nd4j.createFromArray(1.0, 2.0, 7.5), Nd4j.createFromArray(1.0, 0.5, 3.0));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Gamma.of(p.get(0), p.get(1));
    }

    @Override
    protected AbstractRealDistribution reference(double[][] t) {
        return new GammaDistribution(null, t[0][0], 1 / t[1][0]);
    }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(0.3, 4.0, 2.5);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        INDArray ones = Nd4j.createFromArray(1.0, 1, 1);
        return List.of(
                new InvalidCase("concentration", List.of(Nd4j.createFromArray(1.0, 0, 1), ones)),
                new InvalidCase("concentration", List.of(Nd4j.createFromArray(1.0, 1, Double.NaN), ones)),
                new InvalidCase("rate", List.of(ones, Nd4j.createFromArray(-2.0, 1, 1))),
                new InvalidCase("rate", List.of(ones, Nd4j.createFromArray(1.0, Double.POSITIVE_INFINITY, 1))));
    }

    @Override protected double outsideSupport() { return -1.0; }

    @Test
    void replayingTheNoiseReproducesTheDrawAndTheNoiseIsTheStandardDraw() {
        Gamma d = Gamma.of(Var.constant(Nd4j.createFromArray(0.7, 2.0, 7.5)),
                Var.constant(Nd4j.createFromArray(1.0, 0.5, 3.0)));
        ReparamSample<Var> s = d.reparamSample(Rng.of(5));
        assertEquals(s.value().value(), d.reparam(s.noise()).value());
        assertEquals(s.value().value(), s.noise().div(d.rate().value()));
        assertEquals(s.value().value(), d.sample(Rng.of(5)).value());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.reparam(Nd4j.ones(4)));
        assertTrue(e.getMessage().contains("Gamma"), e.getMessage());
    }

    @Test
    void float32ParametersGiveFloat32DrawsAndGradients() {
        Var a = Var.param(Nd4j.createFromArray(0.5f, 3f));
        Var b = Var.param(Nd4j.createFromArray(2f, 1f));
        Var x = Gamma.of(a, b).reparamSample(Rng.of(3)).value();
        assertEquals(DataType.FLOAT, x.dtype());
        var g = dev.ppl.autodiff.Grad.grad(x.sum(), a, b);
        assertEquals(DataType.FLOAT, g.get(a).dataType());
        assertTrue(!g.get(a).isNaN().any() && !g.get(b).isNaN().any());
        assertArrayEquals(new long[] {2}, Gamma.of(a, b).mean().shape());
        assertEquals(0.25, Gamma.of(a, b).mean().value().getDouble(0), 1e-7);
        assertEquals(3.0, Gamma.of(a, b).variance().value().getDouble(1), 1e-6);
    }

    /**
     * Small concentrations, where the implicit gradient matters most: pathwise gradients of
     * \(E[x^2] = \alpha(\alpha+1)/\beta^2\) and \(E[\log x] = \psi(\alpha) - \log\beta\) against their
     * closed-form derivatives.
     */
    @Test
    void smallConcentrationPathwiseGradientsAreUnbiased() {
        double[] alpha = {0.05, 0.3, 0.9};
        double[] rate = {1.0, 2.0, 0.5};
        double[][] sq = new double[2][3], log = new double[2][3];
        for (int i = 0; i < 3; i++) {
            double a = alpha[i], b = rate[i];
            sq[0][i] = (2 * a + 1) / (b * b);
            sq[1][i] = -2 * a * (a + 1) / (b * b * b);
            log[0][i] = org.apache.commons.math3.special.Gamma.trigamma(a);
            log[1][i] = -1 / b;
        }
        List<INDArray> params = List.of(Nd4j.createFromArray(alpha), Nd4j.createFromArray(rate));
        PathwiseAssert.assertUnbiased("Gamma E[x^2]", params, p -> Gamma.of(p.get(0), p.get(1)), Var::square,
                List.of(Nd4j.createFromArray(sq[0]), Nd4j.createFromArray(sq[1])), 77);
        PathwiseAssert.assertUnbiased("Gamma E[log x]", params, p -> Gamma.of(p.get(0), p.get(1)), Var::log,
                List.of(Nd4j.createFromArray(log[0]), Nd4j.createFromArray(log[1])), 78);
    }
}
