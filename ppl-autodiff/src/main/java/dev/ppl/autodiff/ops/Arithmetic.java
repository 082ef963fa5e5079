package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.BackwardInto;
import dev.ppl.autodiff.BlasUpdates;
import dev.ppl.autodiff.SmallKernels;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import java.util.function.DoubleBinaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Elementwise arithmetic with NumPy broadcasting. For \(z = f(a, b)\) broadcast to a common shape,
 * each operand's gradient is \(\bar{z}\,\partial f/\partial a\) summed over the axes along which
 * that operand was broadcast ({@link Shapes#sumTo}). Sums, differences and products of two rank-0
 * operands (a trace's running score) are computed in Java: a native call costs more than the
 * arithmetic. So are same-shape operations on small arrays ({@link SmallKernels}, e.g. a latent
 * layer's \([B, 20]\) tensors); large ones are ND4J ops writing into arena arrays.
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
        INDArray x = a.value(), y = b.value();
        INDArray z = scalars(a, b) ? scalar(a, b, Double::sum) : sameShape(x, y) ? plus(x, 1.0, y) : widened(x, y).add(y);
        return Var.of("add", z, rule, a, b);
    }

    /** \(a - b\). */
    public static Var sub(Var a, Var b) {
        Checks.binary("sub", a, b);
        long[] sa = a.shape(), sb = b.shape();
        INDArray x = a.value(), y = b.value();
        return Var.of("sub", scalars(a, b) ? scalar(a, b, (u, v) -> u - v) : sameShape(x, y) ? plus(x, -1.0, y) : widened(x, y).sub(y),
                g -> new INDArray[] {
                    a.requiresGrad() ? Shapes.sumTo(g, sa) : null,
                    b.requiresGrad() ? Shapes.sumTo(negated(g), sb) : null}, a, b);
    }

    /** \(a \cdot b\) elementwise; \(\bar a = \bar z b\), \(\bar b = \bar z a\). */
    public static Var mul(Var a, Var b) {
        Checks.binary("mul", a, b);
        INDArray x = a.value(), y = b.value();
        return Var.of("mul", scalars(a, b) ? scalar(a, b, (u, v) -> u * v) : times(x, y), g -> new INDArray[] {
            a.requiresGrad() ? Shapes.sumTo(times(g, y), x.shape()) : null,
            b.requiresGrad() ? Shapes.sumTo(times(g, x), y.shape()) : null}, a, b);
    }

    /** \(a / b\); \(\bar a = \bar z / b\), \(\bar b = -\bar z a / b^2\). */
    public static Var div(Var a, Var b) {
        Checks.binary("div", a, b);
        INDArray x = a.value(), y = b.value();
        INDArray z = quotient(x, y);
        return Var.of("div", z, g -> {
            INDArray gx = quotient(g, y);
            return new INDArray[] {
                a.requiresGrad() ? Shapes.sumTo(gx, x.shape()) : null,
                b.requiresGrad() ? Shapes.sumTo(negated(times(gx, z)), y.shape()) : null};
        }, a, b);
    }

    /** \(a^b\); \(\bar a = \bar z\, b\, a^{b-1}\), \(\bar b = \bar z\, a^b \log a\) (defined for \(a &gt; 0\)). */
    public static Var pow(Var a, Var b) {
        Checks.binary("pow", a, b);
        INDArray x = a.value(), y = b.value();
        INDArray xw = widened(x, y), yw = widened(y, x);
        INDArray z = Transforms.pow(xw, yw, true);
        return Var.of("pow", z, g -> new INDArray[] {
            a.requiresGrad() ? Shapes.sumTo(g.mul(yw).muli(Transforms.pow(xw, yw.sub(1.0), true)), x.shape()) : null,
            b.requiresGrad() ? Shapes.sumTo(g.mul(z).muli(Transforms.log(xw, true)), y.shape()) : null}, a, b);
    }

    /** Whether both operands are rank 0 (their types were checked equal and floating or not by the caller). */
    private static boolean scalars(Var a, Var b) {
        return a.rank() == 0 && b.rank() == 0 && a.dtype().isFPType();
    }

    /** {@code f(a, b)} of two rank-0 operands, computed in Java. */
    private static INDArray scalar(Var a, Var b, DoubleBinaryOperator f) {
        return Arena.scalar(a.dtype(), f.applyAsDouble(a.value().getDouble(0), b.value().getDouble(0)));
    }

    /** \(-g\); in Java for a rank-0 {@code g}. */
    static INDArray negated(INDArray g) {
        if (g.rank() == 0) {
            return Arena.scalar(g.dataType(), -g.getDouble(0));
        }
        return affine(g, -1.0, 0.0);
    }

    /**
     * \(a x + b\) elementwise for constants \(a, b\), into an arena array ({@link SmallKernels} when
     * small, else one ND4J scalar op, two when both \(a \ne \pm 1\) and \(b \ne 0\)).
     */
    static INDArray affine(INDArray x, double a, double b) {
        INDArray out = like(x);
        if (SmallKernels.applies(out, x)) {
            return SmallKernels.linear(x, a, b, out);
        }
        if (b == 0.0) {
            return x.mul(a, out);
        }
        if (a == 1.0) {
            return x.add(b, out);
        }
        return a == -1.0 ? x.rsub(b, out) : x.mul(a, out).addi(b);
    }

    /** The elementwise product {@code x * y} (broadcasting), written into an arena array when the shapes agree. */
    static INDArray times(INDArray x, INDArray y) {
        if (!sameShape(x, y)) {
            return widened(x, y).mul(y);
        }
        INDArray out = like(x);
        return SmallKernels.applies(out, x, y) ? SmallKernels.product(x, y, out) : x.mul(y, out);
    }

    /** The elementwise quotient {@code x / y} (broadcasting), written into an arena array when the shapes agree. */
    static INDArray quotient(INDArray x, INDArray y) {
        if (!sameShape(x, y)) {
            return widened(x, y).div(y);
        }
        INDArray out = like(x);
        return SmallKernels.applies(out, x, y) ? SmallKernels.quotient(x, y, out) : x.div(y, out);
    }

    /** \(c / x\) elementwise into an arena array ({@link SmallKernels} when small). */
    static INDArray reciprocal(double c, INDArray x) {
        INDArray out = like(x);
        return SmallKernels.applies(out, x) ? SmallKernels.reciprocal(c, x, out) : x.rdiv(c, out);
    }

    /** {@code x + alpha y} of same-shape arrays into an arena array: level-1 BLAS or {@link SmallKernels} when small. */
    static INDArray plus(INDArray x, double alpha, INDArray y) {
        INDArray out = like(x);
        if (BlasUpdates.applies(x, y, out)) {
            return BlasUpdates.sumInto(x, alpha, y, out);
        }
        if (SmallKernels.applies(out, x, y)) {
            return SmallKernels.axpy(x, alpha, y, out);
        }
        if (alpha == 1.0) {
            return x.add(y, out);
        }
        return alpha == -1.0 ? x.sub(y, out) : x.add(y.mul(alpha), out);
    }

    /**
     * {@code x} broadcast to the common shape of {@code x} and {@code y} where that differs from
     * {@code x}'s own: ND4J's binary ops broadcast {@code y} into {@code x}'s shape only, so for
     * mutual broadcasting ({@code [2, 1]} with {@code [3]}) the left operand is widened first.
     */
    static INDArray widened(INDArray x, INDArray y) {
        long[] common = Shapes.broadcast("broadcast", x.shape(), y.shape());
        return java.util.Arrays.equals(common, x.shape()) ? x : Shapes.broadcastTo(x, common);
    }

    private static boolean sameShape(INDArray x, INDArray y) {
        return x.dataType() == y.dataType() && java.util.Arrays.equals(x.shape(), y.shape());
    }

    /** An output array of {@code x}'s type and shape ({@link Arena#uninitialized}). */
    static INDArray like(INDArray x) {
        return Arena.uninitialized(x.dataType(), x.shape());
    }

    /** \(a + c\) for a constant \(c\). */
    public static Var add(Var a, double c) {
        INDArray x = a.value();
        return Var.of("add", affine(x, 1.0, c), g -> new INDArray[] {g}, a);
    }

    /** \(c \cdot a\) for a constant \(c\). */
    public static Var mul(Var a, double c) {
        INDArray x = a.value();
        return Var.of("mul", affine(x, c, 0.0), g -> new INDArray[] {g.rank() == 0
                ? Arena.scalar(g.dataType(), g.getDouble(0) * c) : affine(g, c, 0.0)}, a);
    }

    /** \(c - a\) for a constant \(c\). */
    public static Var rsub(Var a, double c) {
        INDArray x = a.value();
        return Var.of("rsub", affine(x, -1.0, c), g -> new INDArray[] {negated(g)}, a);
    }

    /** \(c / a\) for a constant \(c\); \(\bar a = -\bar z\, c / a^2\). */
    public static Var rdiv(Var a, double c) {
        INDArray x = a.value();
        INDArray z = reciprocal(c, x);
        return Var.of("rdiv", z, g -> new INDArray[] {negated(quotient(times(g, z), x))}, a);
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
