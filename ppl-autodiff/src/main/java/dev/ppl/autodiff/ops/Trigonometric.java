package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.DifferentiableBackward;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.ATan2;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trigonometric functions (angles in radians), elementwise. Every rule is also differentiable
 * ({@link DifferentiableBackward}), so derivatives of any order follow.
 */
public final class Trigonometric {
    private Trigonometric() {}

    /** \(\sin x\); \(\bar x = \bar y \cos x\). */
    public static Var sin(Var a) {
        Checks.floating("sin", a);
        INDArray x = a.value();
        return Var.of("sin", Transforms.sin(x, true), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {Kernels.multiply(g, Transforms.cos(x, true))}; }
            @Override public Var[] apply(Var g, Var y, Var[] in) { return new Var[] {g.mul(cos(in[0]))}; }
        }, a);
    }

    /** \(\cos x\); \(\bar x = -\bar y \sin x\). */
    public static Var cos(Var a) {
        Checks.floating("cos", a);
        INDArray x = a.value();
        return Var.of("cos", Transforms.cos(x, true), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {Kernels.multiply(g, Transforms.sin(x, true).negi())};
            }
            @Override public Var[] apply(Var g, Var y, Var[] in) { return new Var[] {g.mul(sin(in[0])).neg()}; }
        }, a);
    }

    /**
     * \(\operatorname{atan2}(y, x)\), the angle of the point \((x, y)\) in \((-\pi, \pi]\) (as
     * {@link Math#atan2}), with NumPy broadcasting of \(y\) and \(x\). With \(r^2 = x^2 + y^2\):
     * \(\bar y = \bar z\, x / r^2\) and \(\bar x = -\bar z\, y / r^2\), each summed back to its operand's
     * shape; both are undefined (NaN) at the origin.
     *
     * @throws IllegalArgumentException naming the op and both shapes if they do not broadcast, or
     *     the data types if they differ or are not floating point
     */
    public static Var atan2(Var y, Var x) {
        Checks.binary("atan2", y, x);
        Checks.floating("atan2", y);
        INDArray yv = Shapes.widened(y.value(), x.value()), xv = Shapes.widened(x.value(), y.value());
        INDArray z = Nd4j.exec(new ATan2(yv, xv, Kernels.like(yv)))[0];
        long[] sy = y.shape(), sx = x.shape();
        return Var.of("atan2", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                INDArray w = Kernels.divide(g, Kernels.multiply(xv, xv).addi(Kernels.multiply(yv, yv)));
                return new INDArray[] {
                    y.requiresGrad() ? Shapes.sumTo(Kernels.multiply(w, xv), sy) : null,
                    x.requiresGrad() ? Shapes.sumTo(Kernels.negate(Kernels.multiply(w, yv)), sx) : null};
            }
            @Override public Var[] apply(Var g, Var z, Var[] in) {
                Var w = g.div(in[1].square().add(in[0].square()));
                return new Var[] {
                    y.requiresGrad() ? w.mul(in[1]).sumTo(sy) : null,
                    x.requiresGrad() ? w.mul(in[0]).neg().sumTo(sx) : null};
            }
        }, y, x);
    }
}
