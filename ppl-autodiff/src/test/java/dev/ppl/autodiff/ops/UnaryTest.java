package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static dev.ppl.autodiff.TestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class UnaryTest {
    @Test
    void expLogFamilyGradientsMatchFiniteDifferences() {
        GradCheck.verify("exp", v -> v.get(0).exp(), normal(1, 3, 4));
        GradCheck.verify("log", v -> v.get(0).log(), uniform(2, 0.2, 3, 3, 4));
        GradCheck.verify("log1p", v -> v.get(0).log1p(), uniform(3, -0.5, 3, 3, 4));
        GradCheck.verify("expm1", v -> v.get(0).expm1(), normal(4, 3, 4));
        GradCheck.verify("sqrt", v -> v.get(0).sqrt(), uniform(5, 0.2, 3, 3, 4));
    }

    @Test
    void absGradientIsTheSign() {
        GradCheck.verify("abs", v -> v.get(0).abs(), uniform(6, 0.1, 2, 7).mul(Nd4j.createFromArray(1.0, -1, 1, -1, 1, -1, 1)));
    }

    @Test
    void lgammaAndDigammaMatchCommonsMathAndTheirDerivatives() {
        double[] xs = {0.3, 1.0, 2.5, 7.0};
        Var x = Var.constant(Nd4j.createFromArray(xs));
        for (int i = 0; i < xs.length; i++) {
            // ND4J's lgamma and digamma are accurate to about 1e-9 relative
            assertEquals(Gamma.logGamma(xs[i]), x.lgamma().value().getDouble(i), 1e-8 * (1 + Math.abs(Gamma.logGamma(xs[i]))));
            assertEquals(Gamma.digamma(xs[i]), x.digamma().value().getDouble(i), 1e-8 * (1 + Math.abs(Gamma.digamma(xs[i]))));
        }
        GradCheck.verify("lgamma", v -> v.get(0).lgamma(), uniform(7, 0.3, 6, 2, 3));
        GradCheck.verify("digamma", v -> v.get(0).digamma(), uniform(8, 0.3, 6, 2, 3));
    }

    @Test
    void clampPassesGradientOnlyInsideTheInterval() {
        GradCheck.verify("clamp", v -> v.get(0).clamp(-0.5, 0.5), Nd4j.createFromArray(-2.0, -0.3, 0.1, 0.4, 1.7));
        assertThrows(IllegalArgumentException.class, () -> Var.constant(Nd4j.ones(2)).clamp(1, 0));
    }

    @Test
    void log1pKeepsTinyArgumentsAndItsEndpoints() {
        Var x = Var.constant(Nd4j.createFromArray(1e-20, -1e-17, 3e-9, 0.5, -1.0, Double.POSITIVE_INFINITY));
        double[] expected = {1e-20, -1e-17, Math.log1p(3e-9), Math.log1p(0.5), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], x.log1p().value().getDouble(i), Math.abs(expected[i]) * 1e-15, "log1p at " + i);
        }
        assertEquals(1e-20, Var.constant(Nd4j.createFromArray(1e-20f)).log1p().value().getDouble(0), 1e-26);
    }
}
