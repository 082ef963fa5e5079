package dev.ppl.autodiff.howto;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The example of docs/how-to/custom-op.md, compiled and checked. */
class CustomOpHowToTest {
    static Var softsign(Var x, double c) {
        INDArray v = x.value();
        INDArray denom = Transforms.abs(v, true).addi(c);
        INDArray y = v.div(denom);
        return Var.of("softsign", y, g -> new INDArray[] {g.mul(c).divi(denom).divi(denom)}, x);
    }

    @Test
    void softsignGradientMatchesFiniteDifferences() {
        GradCheck.verify("softsign", v -> softsign(v.get(0), 2.0), Nd4j.createFromArray(-3.0, -0.5, 0.1, 4.0));
    }

    @Test
    void aWrongRuleIsCaughtByTheGradientCheck() {
        assertThrows(AssertionError.class, () -> GradCheck.verify("wrong", v -> {
            INDArray x = v.get(0).value();
            return Var.of("wrong", x.mul(x), g -> new INDArray[] {g.mul(x)}, v.get(0)); // missing factor 2
        }, Nd4j.createFromArray(-3.0, -0.5, 0.1, 4.0)));
    }
}
