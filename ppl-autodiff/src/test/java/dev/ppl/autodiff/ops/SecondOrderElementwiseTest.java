package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.ops.SecondOrderInputs.checkBinary;
import static dev.ppl.autodiff.ops.SecondOrderInputs.checkUnary;

import dev.ppl.autodiff.ops.SecondOrderInputs.Domain;
import org.junit.jupiter.api.Test;

/**
 * Second derivatives of the elementwise functions and activations against finite differences of
 * the first-order gradient, on \(f(x)\) and \(f(xy)\,y\) with random broadcast-compatible shapes.
 * Piecewise-linear functions (relu, leaky relu, abs, clamp) are checked away from their kinks,
 * where their second derivative is 0 but the chain through them is not.
 */
class SecondOrderElementwiseTest {
    @Test
    void expLogLog1pExpm1AndSqrtHaveCorrectSecondDerivatives() {
        checkUnary("exp", v -> v.exp(), Domain.ANY, Domain.ANY, 21);
        checkUnary("log", v -> v.log(), Domain.POSITIVE, Domain.POSITIVE, 22);
        checkUnary("log1p", v -> v.log1p(), Domain.POSITIVE, Domain.POSITIVE, 23);
        checkUnary("expm1", v -> v.expm1(), Domain.ANY, Domain.ANY, 24);
        checkUnary("sqrt", v -> v.sqrt(), Domain.POSITIVE, Domain.POSITIVE, 25);
    }

    @Test
    void sigmoidLogSigmoidSoftplusAndTanhHaveCorrectSecondDerivatives() {
        checkUnary("sigmoid", v -> v.sigmoid(), Domain.ANY, Domain.ANY, 31);
        checkUnary("logSigmoid", v -> v.logSigmoid(), Domain.ANY, Domain.ANY, 32);
        checkUnary("softplus", v -> v.softplus(), Domain.ANY, Domain.ANY, 33);
        checkUnary("tanh", v -> v.tanh(), Domain.ANY, Domain.ANY, 34);
    }

    @Test
    void piecewiseLinearFunctionsPassTheChainThroughTheirSlopes() {
        checkUnary("relu", v -> v.relu(), Domain.AWAY_FROM_ZERO, Domain.POSITIVE, 41);
        checkUnary("leakyRelu", v -> v.leakyRelu(0.1), Domain.AWAY_FROM_ZERO, Domain.POSITIVE, 42);
        checkUnary("abs", v -> v.abs(), Domain.AWAY_FROM_ZERO, Domain.POSITIVE, 43);
        checkUnary("clamp", v -> v.clamp(-0.8, 0.9), Domain.ANY, Domain.POSITIVE, 44);
        checkUnary("relu squared", v -> v.relu().square(), Domain.AWAY_FROM_ZERO, Domain.POSITIVE, 45);
    }

    @Test
    void lgammaIsTwiceDifferentiable() {
        checkUnary("lgamma", v -> v.lgamma(), Domain.POSITIVE, Domain.POSITIVE, 51);
    }

    @Test
    void trigonometricAndGaussianSpecialFunctionsHaveCorrectSecondDerivatives() {
        checkUnary("sin", v -> v.sin(), Domain.ANY, Domain.ANY, 53);
        checkUnary("cos", v -> v.cos(), Domain.ANY, Domain.ANY, 54);
        checkBinary("atan2", (a, b) -> a.atan2(b), Domain.AWAY_FROM_ZERO, Domain.AWAY_FROM_ZERO, 55);
        checkUnary("erf", v -> v.erf(), Domain.ANY, Domain.ANY, 56);
        checkUnary("ndtr", v -> v.ndtr(), Domain.ANY, Domain.ANY, 57);
    }

    @Test
    void logaddexpHasCorrectSecondDerivativesUnderBroadcasting() {
        checkBinary("logaddexp", (a, b) -> a.logaddexp(b), Domain.ANY, Domain.ANY, 52);
    }
}
