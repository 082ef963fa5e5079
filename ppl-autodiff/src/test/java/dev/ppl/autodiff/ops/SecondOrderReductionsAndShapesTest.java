package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static dev.ppl.autodiff.ops.SecondOrderInputs.checkMany;
import static dev.ppl.autodiff.ops.SecondOrderInputs.checkOne;
import static dev.ppl.autodiff.ops.SecondOrderInputs.draw;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.ops.SecondOrderInputs.Domain;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Second derivatives through reductions and shape ops, each checked on \(f(x)\) and \(f(x)^2\) (a
 * linear op has no curvature of its own, but the upstream gradient reaching it then depends on
 * \(x\)): sums and means over random axes with and without kept dims, softmax-like reductions,
 * rearrangements, slices, concatenation and selection.
 */
class SecondOrderReductionsAndShapesTest {
    @Test
    void sumAndMeanOverRandomAxesHaveCorrectSecondDerivatives() {
        Random rng = new Random(61);
        for (int t = 0; t < 8; t++) {
            long[] shape = {1 + rng.nextInt(3), 1 + rng.nextInt(3), 1 + rng.nextInt(3)};
            int axis = rng.nextInt(3) - (t % 2 == 0 ? 0 : 3);
            boolean keep = rng.nextBoolean();
            INDArray x = draw(rng, Domain.ANY, shape);
            checkOne("sum axis " + axis + " keep " + keep, v -> v.sum(keep, axis), x);
            checkOne("mean axes 0,2 keep " + keep, v -> v.mean(keep, 0, 2), x);
            checkOne("sum all", v -> v.sum(), x);
            checkOne("mean all", v -> v.mean(), x);
        }
        checkOne("sum rank 0", v -> v.sum(), Nd4j.scalar(DataType.DOUBLE, 0.7));
    }

    @Test
    void sumSquaresLogSumExpMaxSoftmaxAndCumsumHaveCorrectSecondDerivatives() {
        checkOne("sumSquares", v -> v.sumSquares(), normal(62, 3, 4));
        checkOne("logSumExp axis 1", v -> v.logSumExp(false, 1), normal(63, 3, 4));
        checkOne("logSumExp all keep", v -> v.logSumExp(true), normal(64, 2, 3));
        checkOne("max axis 0", v -> v.max(false, 0), normal(65, 3, 4));
        checkOne("softmax", v -> v.softmax(-1), normal(66, 3, 4));
        checkOne("cumsum axis 1", v -> v.cumsum(1).tanh(), normal(68, 3, 4));
        checkOne("cumsum axis 0", v -> v.cumsum(0).exp(), normal(69, 3, 4));
        checkOne("logSoftmax", v -> v.logSoftmax(0), normal(67, 3, 4));
    }

    @Test
    void rearrangementsHaveTheirInverseAsDifferentiableGradient() {
        INDArray x = normal(71, 2, 3, 4);
        checkOne("reshape", v -> v.reshape(4, 6).tanh(), x);
        checkOne("permute", v -> v.permute(2, 0, 1).mul(Var.constant(normal(72, 4, 2, 3))), x);
        checkOne("transpose", v -> v.transpose().exp(), x);
        checkOne("expandDims", v -> v.expandDims(1).sigmoid(), x);
        checkOne("squeeze", v -> v.expandDims(0).squeeze(0).softplus(), x);
        checkOne("broadcastTo", v -> v.broadcastTo(3, 2, 3, 4).mul(Var.constant(normal(73, 3, 2, 3, 4))), x);
        checkOne("sumTo", v -> v.sumTo(3, 1).tanh(), x);
        checkOne("sumTo leading", v -> v.mul(Var.constant(normal(74, 2, 3, 4))).sumTo(4), x);
    }

    @Test
    void slicesConcatenationAndStackingRouteDifferentiableGradients() {
        INDArray x = normal(81, 3, 5);
        checkOne("slice middle", v -> v.slice(1, 1, 4).exp(), x);
        checkOne("slice first", v -> v.slice(0, 0, 1).tanh(), x);
        checkOne("slice last", v -> v.slice(-1, 3, 5).sigmoid(), x);
        checkMany("concat", v -> Var.concat(1, v.get(0).tanh(), v.get(1), v.get(0).exp()), x, normal(82, 3, 2));
        checkMany("stack", v -> Var.stack(0, v.get(0), v.get(1).sigmoid()).mul(v.get(1)), x, normal(83, 3, 5));
        checkOne("concat one", v -> Var.concat(0, v).sigmoid(), x);
    }

    @Test
    void whereRoutesTheDifferentiableGradientToTheChosenBranchUnderBroadcasting() {
        INDArray mask = Nd4j.createFromArray(true, false, true, true).reshape(4, 1);
        checkMany("where", v -> Var.where(mask, v.get(0).exp(), v.get(1).square()).mul(v.get(0)),
                normal(91, 4, 3), normal(92, 3));
        checkMany("where scalar branch", v -> Var.where(mask, v.get(0), v.get(1).tanh()), normal(93, 3), normal(94));
    }

    @Test
    void castGivesTheGradientInTheInputsTypeAndTheSameNumbers() {
        Var x = Var.param(normal(95, 3));
        Var y = x.cast(DataType.FLOAT).square().sum();
        Var g = Grad.gradAsVars(y, x).get(x);
        assertEquals(DataType.DOUBLE, g.dtype());
        INDArray reference = Grad.grad(y, x).get(x);
        assertEquals(0.0, g.value().sub(reference).norm1Number().doubleValue(), 0.0);
        // d/dx (g . 1) = 2: the second derivative of x^2 comes back through both casts
        INDArray h = Grad.grad(g.sum(), x).get(x);
        assertEquals(6.0, h.sumNumber().doubleValue(), 1e-6);
    }
}
