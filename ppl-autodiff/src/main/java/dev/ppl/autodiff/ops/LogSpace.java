package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.DifferentiableBackward;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Arithmetic on numbers held as logarithms, computed without overflow or underflow. */
public final class LogSpace {
    private LogSpace() {}

    /**
     * \(\log(e^a + e^b) = \max(a, b) + \operatorname{log1p}(e^{-|a - b|})\) elementwise, with NumPy
     * broadcasting of \(a\) and \(b\); finite wherever the result is, and \(-\infty\) when both are.
     * The gradient is the pair of softmax weights: \(\bar a = \bar z\,\sigma(a - b) = \bar z\,e^{a - z}\) and
     * \(\bar b = \bar z\,\sigma(b - a)\), each summed back to its operand's shape (\(\tfrac12\) each where
     * \(a = b = \pm\infty\)). The rule is also differentiable ({@link DifferentiableBackward}) for
     * finite operands.
     *
     * @throws IllegalArgumentException naming the op and both shapes if they do not broadcast, or
     *     the data types if they differ or are not floating point
     */
    public static Var logaddexp(Var a, Var b) {
        Checks.binary("logaddexp", a, b);
        Checks.floating("logaddexp", a);
        INDArray x = Shapes.widened(a.value(), b.value()), y = Shapes.widened(b.value(), a.value());
        INDArray d = x.sub(y);
        BooleanIndexing.replaceWhere(d, 0.0, Conditions.isNan()); // inf - inf: equal operands
        INDArray tail = Unary.log1p(Transforms.exp(Transforms.abs(d, true).negi(), false));
        INDArray z = Transforms.max(x, y, true).addi(tail);
        long[] sa = a.shape(), sb = b.shape();
        return Var.of("logaddexp", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {
                    a.requiresGrad() ? Shapes.sumTo(Kernels.multiply(g, Transforms.sigmoid(d, true)), sa) : null,
                    b.requiresGrad() ? Shapes.sumTo(Kernels.multiply(g, Transforms.sigmoid(d.neg(), false)), sb) : null};
            }
            @Override public Var[] apply(Var g, Var self, Var[] in) {
                Var diff = in[0].sub(in[1]);
                return new Var[] {
                    a.requiresGrad() ? g.mul(diff.sigmoid()).sumTo(sa) : null,
                    b.requiresGrad() ? g.mul(diff.neg().sigmoid()).sumTo(sb) : null};
            }
        }, a, b);
    }
}
