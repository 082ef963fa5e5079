package dev.ppl.autodiff;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link HessianCheck}: it passes correct rules and catches the two ways a differentiable rule goes wrong. */
class HessianCheckTest {
    /** A rule whose gradient captures its input as a constant: first order right, second order silently 0. */
    private static Var cubeWithConstantRule(Var a) {
        INDArray x = a.value();
        return Var.of("cube", x.mul(x).muli(x), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.mul(x).muli(x).muli(3.0)}; }
            @Override public Var[] apply(Var g, Var y, Var[] in) {
                return new Var[] {g.mul(Var.constant(x.mul(x).muli(3.0)))}; // wrong: should be in[0].square().mul(3)
            }
        }, a);
    }

    @Test
    void hessianCheckCatchesARuleThatCapturesItsInputAsAConstant() {
        INDArray x = normal(2, 4);
        GradCheck.verify("cube first order", v -> cubeWithConstantRule(v.get(0)), x);
        GradCheck.Result r = HessianCheck.check(v -> cubeWithConstantRule(v.get(0)),
                HessianCheck.EPS, HessianCheck.ATOL, HessianCheck.RTOL, 7, x);
        assertFalse(r.passed(), r.toString());
        HessianCheck.verify("pow 3", v -> v.get(0).pow(3.0), x);
    }

    /** A rule whose two forms disagree in first order (the Var form is missing the factor 3). */
    private static Var cubeWithMismatchedForms(Var a) {
        INDArray x = a.value();
        return Var.of("cube", x.mul(x).muli(x), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.mul(x).muli(x).muli(3.0)}; }
            @Override public Var[] apply(Var g, Var y, Var[] in) { return new Var[] {g.mul(in[0].square())}; }
        }, a);
    }

    @Test
    void hessianCheckRequiresTheTwoFormsOfARuleToAgreeInFirstOrder() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> HessianCheck.verify("mismatched", v -> cubeWithMismatchedForms(v.get(0)), normal(3, 4)));
        assertTrue(e.getMessage().contains("gradAsVars") && e.getMessage().contains("by grad"), e.getMessage());
    }

    @Test
    void hessianCheckRefusesFloat32Inputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HessianCheck.verify("float", v -> v.get(0).square(), normal(4, 3).castTo(DataType.FLOAT)));
        assertTrue(e.getMessage().contains("FLOAT") && e.getMessage().contains("[3]"), e.getMessage());
    }
}
