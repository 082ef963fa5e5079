package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.ops.SecondOrderInputs.checkBinary;
import static dev.ppl.autodiff.ops.SecondOrderInputs.checkUnary;

import dev.ppl.autodiff.ops.SecondOrderInputs.Domain;
import org.junit.jupiter.api.Test;

/**
 * Second derivatives of the arithmetic ops by second-order reverse mode against finite
 * differences of the first-order gradient ({@link dev.ppl.autodiff.HessianCheck}), with random
 * broadcast-compatible operand shapes (ranks 0-4).
 */
class SecondOrderArithmeticTest {
    @Test
    void addAndSubSumTheirDifferentiableGradientsBackToEachOperandsShape() {
        checkBinary("add", (a, b) -> a.add(b), Domain.ANY, Domain.ANY, 1);
        checkBinary("sub", (a, b) -> a.sub(b), Domain.ANY, Domain.ANY, 2);
    }

    @Test
    void mulHasTheMixedSecondDerivativeOne() {
        checkBinary("mul", (a, b) -> a.mul(b), Domain.ANY, Domain.ANY, 3);
    }

    @Test
    void divHasSecondDerivativesInBothOperands() {
        checkBinary("div", (a, b) -> a.div(b), Domain.ANY, Domain.AWAY_FROM_ZERO, 4);
    }

    @Test
    void powWithTensorExponentHasSecondDerivativesInBaseAndExponent() {
        checkBinary("pow", (a, b) -> a.pow(b), Domain.POSITIVE, Domain.ANY, 5);
    }

    @Test
    void opsWithAConstantOperandHaveCorrectSecondDerivatives() {
        checkUnary("add c", a -> a.add(1.5), Domain.ANY, Domain.ANY, 6);
        checkUnary("sub c", a -> a.sub(1.5), Domain.ANY, Domain.ANY, 7);
        checkUnary("mul c", a -> a.mul(-2.5), Domain.ANY, Domain.ANY, 8);
        checkUnary("div c", a -> a.div(4.0), Domain.ANY, Domain.ANY, 9);
        checkUnary("neg", a -> a.neg(), Domain.ANY, Domain.ANY, 10);
        checkUnary("rsub", a -> a.rsub(1.0), Domain.ANY, Domain.ANY, 11);
        checkUnary("rdiv", a -> a.rdiv(2.0), Domain.AWAY_FROM_ZERO, Domain.POSITIVE, 12);
        checkUnary("square", a -> a.square(), Domain.ANY, Domain.ANY, 13);
        checkUnary("pow 3", a -> a.pow(3.0), Domain.ANY, Domain.ANY, 14);
        checkUnary("pow 2.5", a -> a.pow(2.5), Domain.POSITIVE, Domain.POSITIVE, 15);
        checkUnary("pow 2", a -> a.pow(2.0), Domain.ANY, Domain.ANY, 16);
        checkUnary("pow 1", a -> a.pow(1.0), Domain.ANY, Domain.ANY, 17);
        checkUnary("pow -1.5", a -> a.pow(-1.5), Domain.POSITIVE, Domain.POSITIVE, 18);
    }
}
