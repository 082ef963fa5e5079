package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.DifferentiableBackward;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Neural-network nonlinearities and (log-)softmax, written to be stable in float32. Every rule is
 * also differentiable ({@link DifferentiableBackward}): \(f'\) written with {@code Var} ops of the
 * input or the output (a constant where \(f'\) is piecewise constant: relu, leaky relu).
 */
public final class Activations {
    private Activations() {}

    /**
     * \(\operatorname{softplus}(x) = \log(1 + e^x) = \max(x, 0) + \operatorname{log1p}(e^{-|x|})\) (the
     * second form neither overflows for large \(x\) nor rounds to 0 for very negative \(x\), where
     * it is \(e^x\)); \(f' = \sigma(x)\), finite everywhere.
     */
    public static Var softplus(Var a) {
        Checks.floating("softplus", a);
        INDArray x = a.value();
        return Var.of("softplus", softplus(x), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.mul(Transforms.sigmoid(x, true))}; }
            @Override public Var[] apply(Var g, Var z, Var[] in) { return new Var[] {g.mul(sigmoid(in[0]))}; }
        }, a);
    }

    /** \(\sigma(x) = 1/(1+e^{-x})\); \(f' = \sigma(x)(1-\sigma(x))\). */
    public static Var sigmoid(Var a) {
        Checks.floating("sigmoid", a);
        INDArray x = a.value();
        INDArray z = Nd4j.exec(new Sigmoid(x, Kernels.like(x)));
        return Var.of("sigmoid", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {Kernels.multiply(g, z).muli(z.rsub(1.0, Kernels.like(z)))};
            }
            @Override public Var[] apply(Var g, Var self, Var[] in) { return new Var[] {g.mul(self).mul(self.rsub(1.0))}; }
        }, a);
    }

    /** \(\log\sigma(x) = -\operatorname{softplus}(-x)\); \(f' = \sigma(-x)\). */
    public static Var logSigmoid(Var a) {
        Checks.floating("logSigmoid", a);
        INDArray x = a.value();
        return Var.of("logSigmoid", softplus(x.neg()).negi(), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.mul(Transforms.sigmoid(x.neg(), false))}; }
            @Override public Var[] apply(Var g, Var z, Var[] in) { return new Var[] {g.mul(sigmoid(in[0].neg()))}; }
        }, a);
    }

    /** \(\tanh x\); \(f' = 1 - \tanh^2 x\). */
    public static Var tanh(Var a) {
        Checks.floating("tanh", a);
        INDArray x = a.value();
        INDArray z = Nd4j.exec(new Tanh(x, Kernels.like(x)));
        return Var.of("tanh", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {Kernels.multiply(g, Kernels.multiply(z, z).rsubi(1.0))};
            }
            @Override public Var[] apply(Var g, Var self, Var[] in) { return new Var[] {g.mul(self.square().rsub(1.0))}; }
        }, a);
    }

    /** \(\max(x, 0)\); \(f' = [x &gt; 0]\). */
    public static Var relu(Var a) {
        INDArray x = a.value();
        INDArray z = Arena.uninitialized(x.dataType(), x.shape());
        Nd4j.exec(new RectifiedLinear(x, z, 0.0));
        return Var.of("relu", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                INDArray out = Arena.uninitialized(g.dataType(), g.shape());
                Nd4j.exec(new Step(x, out)); // [x > 0], then times g: measured faster than ND4J's relu_bp
                return new INDArray[] {out.muli(g)};
            }
            @Override public Var[] apply(Var g, Var self, Var[] in) { // [x > 0] is piecewise constant
                return new Var[] {g.mul(Var.constant(x.gt(0.0).castTo(g.dtype())))};
            }
        }, a);
    }

    /** \(x\) for \(x &gt; 0\), \(\alpha x\) otherwise; \(f' = 1\) or \(\alpha\). */
    public static Var leakyRelu(Var a, double alpha) {
        INDArray x = a.value();
        return Var.of("leakyRelu", Transforms.leakyRelu(x, alpha, true), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                INDArray slope = x.gt(0.0).castTo(g.dataType()).muli(1.0 - alpha).addi(alpha);
                return new INDArray[] {g.mul(slope)};
            }
            @Override public Var[] apply(Var g, Var self, Var[] in) { // the slope is piecewise constant
                return new Var[] {g.mul(Var.constant(x.gt(0.0).castTo(g.dtype()).muli(1.0 - alpha).addi(alpha)))};
            }
        }, a);
    }

    /**
     * \(\operatorname{softmax}(x)_i = e^{x_i - \operatorname{lse}(x)}\) along {@code axis};
     * \(\bar x = y \odot (\bar y - \sum_j \bar y_j y_j)\).
     */
    public static Var softmax(Var a, int axis) {
        Checks.floating("softmax", a);
        int ax = dev.ppl.autodiff.Shapes.axis("softmax", axis, a.rank());
        INDArray x = a.value();
        INDArray y = Transforms.exp(x.sub(Reductions.logSumExp(x, ax)), false);
        return Var.of("softmax", y, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                INDArray dot = g.mul(y).sum(true, ax);
                return new INDArray[] {g.sub(dot).muli(y)};
            }
            @Override public Var[] apply(Var g, Var self, Var[] in) {
                return new Var[] {g.sub(g.mul(self).sum(true, ax)).mul(self)};
            }
        }, a);
    }

    /** \(x_i - \operatorname{lse}(x)\) along {@code axis}; \(\bar x = \bar y - \operatorname{softmax}(x) \sum_j \bar y_j\). */
    public static Var logSoftmax(Var a, int axis) {
        Checks.floating("logSoftmax", a);
        int ax = dev.ppl.autodiff.Shapes.axis("logSoftmax", axis, a.rank());
        INDArray x = a.value();
        INDArray y = x.sub(Reductions.logSumExp(x, ax));
        return Var.of("logSoftmax", y, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                INDArray total = g.sum(true, ax);
                return new INDArray[] {g.sub(Transforms.exp(y, true).muli(total))};
            }
            @Override public Var[] apply(Var g, Var self, Var[] in) { return new Var[] {g.sub(self.exp().mul(g.sum(true, ax)))}; }
        }, a);
    }

    /**
     * Stable softplus of an array, \(\max(x,0) + \operatorname{log1p}(e^{-|x|})\), accurate to a few
     * ulps relative everywhere: for \(x \to -\infty\) it is \(e^x\) (e.g. \(1.9 \cdot 10^{-22}\) at
     * \(x = -50\)), not 0 ({@link Unary#log1p(INDArray)}).
     */
    static INDArray softplus(INDArray x) {
        INDArray t = Unary.log1p(Transforms.exp(Transforms.abs(x, true).negi(), false));
        return t.addi(Transforms.relu(x, true));
    }

    /**
     * Softplus to absolute accuracy only (about one ulp of \(\max(x, 0) + 1\)), in two fewer passes
     * than {@link #softplus(INDArray)}: ND4J's one-op \(\log(1 + t)\) returns 0 for
     * \(t = e^{-|x|} &lt; 10^{-16}\). Enough inside a log-likelihood, whose other terms are of order 1.
     */
    static INDArray softplusAbsolute(INDArray x) {
        INDArray t = Transforms.log1p(Transforms.exp(Transforms.abs(x, true).negi(), false), false);
        return t.addi(Transforms.relu(x, true));
    }
}
