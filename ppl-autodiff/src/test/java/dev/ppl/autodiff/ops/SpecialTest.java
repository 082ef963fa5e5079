package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reference values: Apache Commons Math 3.6.1 ({@code Erf.erf}, {@code NormalDistribution(0, 1)}). */
class SpecialTest {
    private static final double[] XS = {-6.0, -3.0, -1.0, -0.5, -1e-9, 0.0, 0.1, 0.5, 1.0, 2.0, 3.5, 6.0};
    private static final NormalDistribution STANDARD = new NormalDistribution(0, 1);

    @Test
    void erfMatchesCommonsMath() {
        INDArray z = Var.constant(Nd4j.createFromArray(XS)).erf().value();
        for (int i = 0; i < XS.length; i++) {
            double expected = Erf.erf(XS[i]);
            assertEquals(expected, z.getDouble(i), 1e-15 + 1e-14 * Math.abs(expected), "erf(" + XS[i] + ")");
        }
    }

    @Test
    void ndtrMatchesTheCommonsMathNormalCdfIncludingTheFarLowerTail() {
        double[] xs = {-30, -20, -10, -5, -2, -1, 0, 0.5, 1, 3, 8};
        INDArray z = Var.constant(Nd4j.createFromArray(xs)).ndtr().value();
        for (int i = 0; i < xs.length; i++) {
            double expected = STANDARD.cumulativeProbability(xs[i]);
            // relative accuracy: Phi(-30) is 4.9e-198, which 0.5 (1 + erf(x / sqrt 2)) would round to 0
            assertEquals(expected, z.getDouble(i), 1e-13 * expected, "ndtr(" + xs[i] + ")");
        }
    }

    @Test
    void erfAndNdtrGradientsAreTheirDensities() {
        Var x = Var.param(Nd4j.createFromArray(XS));
        INDArray ge = Grad.grad(x.erf().sum(), x).get(x), gn = Grad.grad(x.ndtr().sum(), x).get(x);
        for (int i = 0; i < XS.length; i++) {
            assertEquals(2 / Math.sqrt(Math.PI) * Math.exp(-XS[i] * XS[i]), ge.getDouble(i), 1e-16, "erf'(" + XS[i] + ")");
            assertEquals(STANDARD.density(XS[i]), gn.getDouble(i), 1e-16, "ndtr'(" + XS[i] + ")");
        }
    }

    @Test
    void erfAndNdtrGradientsMatchFiniteDifferences() {
        GradCheck.verify("erf", v -> v.get(0).erf(), normal(1, 3, 4));
        GradCheck.verify("ndtr", v -> v.get(0).ndtr(), normal(2, 3, 4).muli(2));
        GradCheck.verify("ndtr rank 0", v -> v.get(0).ndtr(), Nd4j.scalar(-1.3));
    }

    @Test
    void float32AgreesWithFloat64AndIntegerInputsAreRejected() {
        Var x = Var.constant(Nd4j.createFromArray(XS).castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, x.ndtr().dtype());
        for (int i = 0; i < XS.length; i++) {
            assertEquals(Erf.erf(XS[i]), x.erf().value().getDouble(i), 1e-6);
            assertEquals(STANDARD.cumulativeProbability(XS[i]), x.ndtr().value().getDouble(i), 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> Var.constant(Nd4j.createFromArray(1, 2)).erf());
    }
}
