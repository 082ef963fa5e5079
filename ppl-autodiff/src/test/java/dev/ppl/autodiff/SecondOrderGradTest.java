package dev.ppl.autodiff;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Grad#gradAsVars}: differentiable gradients, higher derivatives, and its refusals. */
class SecondOrderGradTest {
    private static Var vector(double... v) {
        return Var.param(Nd4j.createFromArray(v));
    }

    @Test
    void gradientOfCubeIsDifferentiableGivingTheSecondAndThirdDerivatives() {
        Var x = vector(-1.5, 0.5, 2.0);
        Var y = x.pow(3.0).sum();
        Var g = Grad.gradAsVars(y, x).get(x);                      // 3 x^2
        Var h = Grad.gradAsVars(g.sum(), x).get(x);                // 6 x (the Hessian is diagonal)
        INDArray t = Grad.grad(h.sum(), x).get(x);                 // 6
        for (int i = 0; i < 3; i++) {
            double xi = x.value().getDouble(i);
            assertEquals(3 * xi * xi, g.value().getDouble(i), 1e-12);
            assertEquals(6 * xi, h.value().getDouble(i), 1e-12);
            assertEquals(6.0, t.getDouble(i), 1e-12);
        }
    }

    @Test
    void mixedSecondDerivativeOfAProductIsOne() {
        Var a = vector(2.0), b = vector(-3.0);
        Var da = Grad.gradAsVars(a.mul(b).sum(), a, b).get(a);    // b
        Gradients second = Grad.grad(da.sum(), a, b);
        assertEquals(-3.0, da.item(), 0.0);
        assertEquals(0.0, second.get(a).getDouble(0), 0.0);
        assertEquals(1.0, second.get(b).getDouble(0), 0.0);
    }

    @Test
    void aDifferentiableSeedGivesAVectorJacobianProductDifferentiableInTheSeed() {
        Var x = vector(0.3, -0.7);
        Var s = vector(2.0, 5.0);
        Var y = x.exp();
        Var vjp = Grad.gradAsVars(y, s.square(), List.of(x)).get(x); // s^2 e^x
        Gradients d = Grad.grad(vjp.sum(), x, s);
        for (int i = 0; i < 2; i++) {
            double xi = x.value().getDouble(i), si = s.value().getDouble(i);
            assertEquals(si * si * Math.exp(xi), vjp.value().getDouble(i), 1e-12);
            assertEquals(si * si * Math.exp(xi), d.get(x).getDouble(i), 1e-12);
            assertEquals(2 * si * Math.exp(xi), d.get(s).getDouble(i), 1e-12);
        }
    }

    @Test
    void anUnreachedNodeGetsAConstantZeroAndAnInteriorNodeItsGradient() {
        Var x = vector(1.0, 2.0), unused = vector(4.0);
        Var mid = x.mul(3.0);
        VarGradients g = Grad.gradAsVars(mid.square().sum(), x, mid, unused);
        assertFalse(g.reaches(unused));
        assertFalse(g.get(unused).requiresGrad());
        assertEquals(0.0, g.get(unused).value().getDouble(0), 0.0);
        assertTrue(g.reaches(mid));
        assertEquals(12.0, g.get(mid).value().getDouble(1), 1e-12); // 2 * mid = 2 * 6
        assertEquals(36.0, g.get(x).value().getDouble(1), 1e-12);   // 18 x
    }

    @Test
    void anOpWithOnlyAnArrayRuleOnAGradientPathIsRefusedNamingTheOpAndShapes() {
        Var x = Var.param(normal(1, 3, 2));
        Var y = x.gather(0, 2, 0).digamma().sum();
        NoDifferentiableRuleException e = assertThrows(NoDifferentiableRuleException.class, () -> Grad.gradAsVars(y, x));
        assertEquals("digamma", e.op());
        assertTrue(e.getMessage().contains("'digamma'") && e.getMessage().contains("[2, 2]"), e.getMessage());
        Var z = x.gather(0, 2, 0, 0).sum();
        NoDifferentiableRuleException g = assertThrows(NoDifferentiableRuleException.class, () -> Grad.gradAsVars(z, x));
        assertTrue(g.getMessage().contains("'gather'") && g.getMessage().contains("[3, 2]"), g.getMessage());
        assertEquals(2.0, Grad.grad(z, x).get(x).getDouble(0, 0), 0.0); // first order is unaffected
    }

    @Test
    void aCustomOpWithAPlainLambdaIsRefusedButOffTheGradientPathIsIgnored() {
        Var x = vector(1.0, 2.0);
        Var custom = Var.of("mySoftsign", x.value().dup(), g -> new INDArray[] {g}, x);
        NoDifferentiableRuleException e = assertThrows(NoDifferentiableRuleException.class,
                () -> Grad.gradAsVars(custom.square().sum(), x));
        assertTrue(e.getMessage().contains("mySoftsign") && e.getMessage().contains("[2]"), e.getMessage());
        Var data = Var.constant(Nd4j.createFromArray(1.0, 2.0, 3.0));
        Var offPath = data.gather(0, 1).digamma().sum();           // constant: no gradient path
        Var y = x.square().sum().add(offPath);
        assertEquals(4.0, Grad.gradAsVars(y, x).get(x).value().getDouble(1), 1e-12);
    }

    @Test
    void outputAndSeedShapesAreChecked() {
        Var x = vector(1.0, 2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grad.gradAsVars(x.exp(), x));
        assertTrue(e.getMessage().contains("gradAsVars") && e.getMessage().contains("[2]"), e.getMessage());
        Var seed = Var.constant(Nd4j.ones(DataType.DOUBLE, 3));
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> Grad.gradAsVars(x.exp(), seed, List.of(x)));
        assertTrue(s.getMessage().contains("[3]") && s.getMessage().contains("[2]"), s.getMessage());
    }
}
