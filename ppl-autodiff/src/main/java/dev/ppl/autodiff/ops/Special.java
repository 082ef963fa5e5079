package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.DifferentiableBackward;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erfc;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Special functions of probability: the error function and the standard normal CDF, elementwise.
 * Their derivatives are Gaussians, so both rules are also differentiable
 * ({@link DifferentiableBackward}).
 */
public final class Special {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);

    private Special() {}

    /**
     * The error function \(\operatorname{erf}(x) = \frac{2}{\sqrt\pi}\int_0^x e^{-t^2}\,dt\);
     * \(f' = \frac{2}{\sqrt\pi} e^{-x^2}\).
     */
    public static Var erf(Var a) {
        Checks.floating("erf", a);
        INDArray x = a.value();
        INDArray z = Nd4j.exec(new Erf(x, Kernels.like(x)));
        return Var.of("erf", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                INDArray slope = Transforms.exp(Kernels.multiply(x, x).muli(-1.0), false).muli(TWO_OVER_SQRT_PI);
                return new INDArray[] {Kernels.multiply(g, slope)};
            }
            @Override public Var[] apply(Var g, Var y, Var[] in) {
                return new Var[] {g.mul(in[0].square().neg().exp().mul(TWO_OVER_SQRT_PI))};
            }
        }, a);
    }

    /**
     * The standard normal CDF \(\Phi(x) = \tfrac12 \operatorname{erfc}(-x/\sqrt2)\) (the complementary
     * form keeps its relative accuracy in the lower tail, where \(\tfrac12(1 + \operatorname{erf}(x/\sqrt2))\)
     * cancels to 0); \(f' = \varphi(x) = e^{-x^2/2}/\sqrt{2\pi}\).
     */
    public static Var ndtr(Var a) {
        Checks.floating("ndtr", a);
        INDArray x = a.value();
        INDArray z = Nd4j.exec(new Erfc(Kernels.linear(x, -INV_SQRT_2, 0.0), Kernels.like(x))).muli(0.5);
        return Var.of("ndtr", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                INDArray density = Transforms.exp(Kernels.multiply(x, x).muli(-0.5), false).muli(INV_SQRT_2PI);
                return new INDArray[] {Kernels.multiply(g, density)};
            }
            @Override public Var[] apply(Var g, Var y, Var[] in) {
                return new Var[] {g.mul(in[0].square().mul(-0.5).exp().mul(INV_SQRT_2PI))};
            }
        }, a);
    }
}
