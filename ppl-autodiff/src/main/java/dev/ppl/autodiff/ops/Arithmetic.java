package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.BackwardInto;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Elementwise arithmetic with NumPy broadcasting. For \(z = f(a, b)\) broadcast to a common shape,
 * each operand's gradient is \(\bar{z}\,\partial f/\partial a\) summed over the axes along which
 * that operand was broadcast ({@link Shapes#sumTo}). How each array function is computed is
 * {@link Kernels}' choice.
 */
public final class Arithmetic {
    private Arithmetic() {}

    /** \(a + b\). */
    public static Var add(Var a, Var b) {
        Checks.binary("add", a, b);
        long[] sa = a.shape(), sb = b.shape();
        BackwardInto rule = (g, out) -> new INDArray[] {
            a.requiresGrad() ? Shapes.sumTo(g, sa, BackwardInto.output(out, 0)) : null,
            b.requiresGrad() ? Shapes.sumTo(g, sb, BackwardInto.output(out, 1)) : null};
        return Var.of("add", Kernels.add(a.value(), b.value()), rule, a, b);
    }

    /** \(a - b\). */
    public static Var sub(Var a, Var b) {
        Checks.binary("sub", a, b);
        long[] sa = a.shape(), sb = b.shape();
        return Var.of("sub", Kernels.subtract(a.value(), b.value()), g -> new INDArray[] {
            a.requiresGrad() ? Shapes.sumTo(g, sa) : null,
            b.requiresGrad() ? Shapes.sumTo(Kernels.negate(g), sb) : null}, a, b);
    }

    /** \(a \cdot b\) elementwise; \(\bar a = \bar z b\), \(\bar b = \bar z a\). */
    public static Var mul(Var a, Var b) {
        Checks.binary("mul", a, b);
        INDArray x = a.value(), y = b.value();
        return Var.of("mul", Kernels.multiply(x, y), g -> new INDArray[] {
            a.requiresGrad() ? Shapes.sumTo(Kernels.multiply(g, y), x.shape()) : null,
            b.requiresGrad() ? Shapes.sumTo(Kernels.multiply(g, x), y.shape()) : null}, a, b);
    }

    /** \(a / b\); \(\bar a = \bar z / b\), \(\bar b = -\bar z a / b^2\). */
    public static Var div(Var a, Var b) {
        Checks.binary("div", a, b);
        INDArray x = a.value(), y = b.value();
        INDArray z = Kernels.divide(x, y);
        return Var.of("div", z, g -> {
            INDArray gx = Kernels.divide(g, y);
            return new INDArray[] {
                a.requiresGrad() ? Shapes.sumTo(gx, x.shape()) : null,
                b.requiresGrad() ? Shapes.sumTo(Kernels.negate(Kernels.multiply(gx, z)), y.shape()) : null};
        }, a, b);
    }

    /** \(a^b\); \(\bar a = \bar z\, b\, a^{b-1}\), \(\bar b = \bar z\, a^b \log a\) (defined for \(a &gt; 0\)). */
    public static Var pow(Var a, Var b) {
        Checks.binary("pow", a, b);
        INDArray x = a.value(), y = b.value();
        INDArray xw = Shapes.widened(x, y), yw = Shapes.widened(y, x);
        INDArray z = Transforms.pow(xw, yw, true);
        return Var.of("pow", z, g -> new INDArray[] {
            a.requiresGrad() ? Shapes.sumTo(g.mul(yw).muli(Transforms.pow(xw, yw.sub(1.0), true)), x.shape()) : null,
            b.requiresGrad() ? Shapes.sumTo(g.mul(z).muli(Transforms.log(xw, true)), y.shape()) : null}, a, b);
    }

    /** \(a + c\) for a constant \(c\). */
    public static Var add(Var a, double c) {
        INDArray x = a.value();
        return Var.of("add", Kernels.linear(x, 1.0, c), g -> new INDArray[] {g}, a);
    }

    /** \(c \cdot a\) for a constant \(c\). */
    public static Var mul(Var a, double c) {
        INDArray x = a.value();
        return Var.of("mul", Kernels.linear(x, c, 0.0), g -> new INDArray[] {g.rank() == 0
                ? Arena.scalar(g.dataType(), g.getDouble(0) * c) : Kernels.linear(g, c, 0.0)}, a);
    }

    /** \(c - a\) for a constant \(c\). */
    public static Var rsub(Var a, double c) {
        INDArray x = a.value();
        return Var.of("rsub", Kernels.linear(x, -1.0, c), g -> new INDArray[] {Kernels.negate(g)}, a);
    }

    /** \(c / a\) for a constant \(c\); \(\bar a = -\bar z\, c / a^2\). */
    public static Var rdiv(Var a, double c) {
        INDArray x = a.value();
        INDArray z = Kernels.reciprocal(c, x);
        return Var.of("rdiv", z, g -> new INDArray[] {Kernels.negate(Kernels.divide(Kernels.multiply(g, z), x))}, a);
    }

    /** \(a^p\) for a constant \(p\); \(\bar a = \bar z\, p\, a^{p-1}\). */
    public static Var pow(Var a, double p) {
        INDArray x = a.value();
        return Var.of("pow", Transforms.pow(x, p, true),
                g -> new INDArray[] {g.mul(Transforms.pow(x, p - 1, true)).muli(p)}, a);
    }

    /** \(a^2\); \(\bar a = 2 \bar z a\). */
    public static Var square(Var a) {
        INDArray x = a.value();
        return Var.of("square", x.mul(x), g -> new INDArray[] {g.mul(x).muli(2.0)}, a);
    }
}
