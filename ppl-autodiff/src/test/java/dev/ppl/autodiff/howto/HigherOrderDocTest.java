package dev.ppl.autodiff.howto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ppl.autodiff.DifferentiableBackward;
import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.HessianCheck;
import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The snippets of docs/reference/higher-order.md, compiled and checked. */
class HigherOrderDocTest {
    @Test
    void theHessianVectorProductSnippetGivesTheValuesInItsComments() {
        Var x = Var.param(Nd4j.createFromArray(-1.5, 0.5, 2.0));
        Var y = x.pow(3.0).sum();
        Var g = Grad.gradAsVars(y, x).get(x);
        Var u = Var.constant(Nd4j.createFromArray(1.0, 0.0, 2.0));
        INDArray hu = Grad.grad(g.mul(u).sum(), x).get(x);
        Var h = Grad.gradAsVars(g.sum(), x).get(x);
        assertArrayEquals(new double[] {6.75, 0.75, 12.0}, g.value().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {-9.0, 0.0, 24.0}, hu.toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {6.0, 6.0, 6.0}, Grad.grad(h.sum(), x).get(x).toDoubleVector(), 1e-12);
    }

    static Var softsign(Var x, double c) {
        INDArray v = x.value();
        INDArray denom = Transforms.abs(v, true).addi(c);
        INDArray y = v.div(denom);
        return Var.of("softsign", y, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.mul(c).divi(denom).divi(denom)}; }
            @Override public Var[] apply(Var g, Var out, Var[] in) {
                Var d = in[0].abs().add(c);
                return new Var[] {g.mul(c).div(d.square())};
            }
        }, x);
    }

    @Test
    void theTwiceDifferentiableSoftsignPassesTheHessianCheck() {
        HessianCheck.verify("softsign", v -> softsign(v.get(0), 2.0), Nd4j.createFromArray(-3.0, -0.5, 0.1, 4.0));
    }

    @Test
    void thePlainLambdaSoftsignOfTheCustomOpHowToIsRefused() {
        Var x = Var.param(Nd4j.createFromArray(-3.0, 0.5));
        assertThrows(dev.ppl.autodiff.NoDifferentiableRuleException.class,
                () -> Grad.gradAsVars(CustomOpHowToTest.softsign(x, 2.0).sum(), x));
    }
}
