package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.BackwardInto;
import dev.ppl.autodiff.DifferentiableBackward;
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
 * {@link Kernels}' choice. Each rule also has its differentiable form
 * ({@link DifferentiableBackward}), the same formula written with {@code Var} ops.
 */
public final class Arithmetic {
    private Arithmetic() {}

    /** \(\bar x = \bar y\) (shared: captures nothing). */
    static final DifferentiableBackward PASS_THROUGH = new DifferentiableBackward() {
        @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g}; }
        @Override public Var[] apply(Var g, Var z, Var[] in) { return new Var[] {g}; }
    };

    /** \(\bar x = -\bar y\) (shared: captures nothing). */
    private static final DifferentiableBackward NEGATE = new DifferentiableBackward() {
        @Override public INDArray[] apply(INDArray g) { return new INDArray[] {Kernels.negate(g)}; }
        @Override public Var[] apply(Var g, Var z, Var[] in) { return new Var[] {g.neg()}; }
    };

    /** \(a + b\). */
    public static Var add(Var a, Var b) {
        Checks.binary("add", a, b);
        long[] sa = a.shape(), sb = b.shape();
        DifferentiableBackward.Into rule = new DifferentiableBackward.Into() {
            @Override public INDArray[] apply(INDArray g, INDArray[] out) {
                return new INDArray[] {
                    a.requiresGrad() ? Shapes.sumTo(g, sa, BackwardInto.output(out, 0)) : null,
                    b.requiresGrad() ? Shapes.sumTo(g, sb, BackwardInto.output(out, 1)) : null};
            }
            @Override public Var[] apply(Var g, Var z, Var[] in) {
                return new Var[] {a.requiresGrad() ? g.sumTo(sa) : null, b.requiresGrad() ? g.sumTo(sb) : null};
            }
        };
        return Var.of("add", Kernels.add(a.value(), b.value()), rule, a, b);
    }

    /** \(a - b\). */
    public static Var sub(Var a, Var b) {
        Checks.binary("sub", a, b);
        long[] sa = a.shape(), sb = b.shape();
        return Var.of("sub", Kernels.subtract(a.value(), b.value()), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {
                    a.requiresGrad() ? Shapes.sumTo(g, sa) : null,
                    b.requiresGrad() ? Shapes.sumTo(Kernels.negate(g), sb) : null};
            }
            @Override public Var[] apply(Var g, Var z, Var[] in) {
                return new Var[] {a.requiresGrad() ? g.sumTo(sa) : null, b.requiresGrad() ? g.neg().sumTo(sb) : null};
            }
        }, a, b);
    }

    /** \(a \cdot b\) elementwise; \(\bar a = \bar z b\), \(\bar b = \bar z a\). */
    public static Var mul(Var a, Var b) {
        Checks.binary("mul", a, b);
        INDArray x = a.value(), y = b.value();
        return Var.of("mul", Kernels.multiply(x, y), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {
                    a.requiresGrad() ? Shapes.sumTo(Kernels.multiply(g, y), x.shape()) : null,
                    b.requiresGrad() ? Shapes.sumTo(Kernels.multiply(g, x), y.shape()) : null};
            }
            @Override public Var[] apply(Var g, Var z, Var[] in) {
                return new Var[] {
                    a.requiresGrad() ? g.mul(b).sumTo(a.shape()) : null,
                    b.requiresGrad() ? g.mul(a).sumTo(b.shape()) : null};
            }
        }, a, b);
    }

    /** \(a / b\); \(\bar a = \bar z / b\), \(\bar b = -\bar z a / b^2\). */
    public static Var div(Var a, Var b) {
        Checks.binary("div", a, b);
        INDArray x = a.value(), y = b.value();
        INDArray z = Kernels.divide(x, y);
        return Var.of("div", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                INDArray gx = Kernels.divide(g, y);
                return new INDArray[] {
                    a.requiresGrad() ? Shapes.sumTo(gx, x.shape()) : null,
                    b.requiresGrad() ? Shapes.sumTo(Kernels.negate(Kernels.multiply(gx, z)), y.shape()) : null};
            }
            @Override public Var[] apply(Var g, Var self, Var[] in) {
                Var gx = g.div(b);
                return new Var[] {
                    a.requiresGrad() ? gx.sumTo(a.shape()) : null,
                    b.requiresGrad() ? gx.mul(self).neg().sumTo(b.shape()) : null};
            }
        }, a, b);
    }

    /** \(a^b\); \(\bar a = \bar z\, b\, a^{b-1}\), \(\bar b = \bar z\, a^b \log a\) (defined for \(a &gt; 0\)). */
    public static Var pow(Var a, Var b) {
        Checks.binary("pow", a, b);
        INDArray x = a.value(), y = b.value();
        INDArray xw = Shapes.widened(x, y), yw = Shapes.widened(y, x);
        INDArray z = Transforms.pow(xw, yw, true);
        return Var.of("pow", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {
                    a.requiresGrad() ? Shapes.sumTo(g.mul(yw).muli(Transforms.pow(xw, yw.sub(1.0), true)), x.shape()) : null,
                    b.requiresGrad() ? Shapes.sumTo(g.mul(z).muli(Transforms.log(xw, true)), y.shape()) : null};
            }
            @Override public Var[] apply(Var g, Var self, Var[] in) {
                return new Var[] {
                    a.requiresGrad() ? g.mul(b).mul(a.pow(b.sub(1.0))).sumTo(a.shape()) : null,
                    b.requiresGrad() ? g.mul(self).mul(a.log()).sumTo(b.shape()) : null};
            }
        }, a, b);
    }

    /** \(a + c\) for a constant \(c\). */
    public static Var add(Var a, double c) {
        INDArray x = a.value();
        return Var.of("add", Kernels.linear(x, 1.0, c), PASS_THROUGH, a);
    }

    /** \(c \cdot a\) for a constant \(c\). */
    public static Var mul(Var a, double c) {
        INDArray x = a.value();
        return Var.of("mul", Kernels.linear(x, c, 0.0), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {g.rank() == 0
                        ? Arena.scalar(g.dataType(), g.getDouble(0) * c) : Kernels.linear(g, c, 0.0)};
            }
            @Override public Var[] apply(Var g, Var z, Var[] in) { return new Var[] {g.mul(c)}; }
        }, a);
    }

    /** \(c - a\) for a constant \(c\). */
    public static Var rsub(Var a, double c) {
        INDArray x = a.value();
        return Var.of("rsub", Kernels.linear(x, -1.0, c), NEGATE, a);
    }

    /** \(c / a\) for a constant \(c\); \(\bar a = -\bar z\, c / a^2\). */
    public static Var rdiv(Var a, double c) {
        INDArray x = a.value();
        INDArray z = Kernels.reciprocal(c, x);
        return Var.of("rdiv", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {Kernels.negate(Kernels.divide(Kernels.multiply(g, z), x))};
            }
            @Override public Var[] apply(Var g, Var self, Var[] in) { return new Var[] {g.mul(self).div(in[0]).neg()}; }
        }, a);
    }

    /** \(a^p\) for a constant \(p\); \(\bar a = \bar z\, p\, a^{p-1}\). */
    public static Var pow(Var a, double p) {
        INDArray x = a.value();
        return Var.of("pow", Transforms.pow(x, p, true), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) {
                return new INDArray[] {g.mul(Transforms.pow(x, p - 1, true)).muli(p)};
            }
            @Override public Var[] apply(Var g, Var z, Var[] in) {
                return new Var[] {p == 1.0 ? g : in[0].pow(p - 1).mul(g).mul(p)}; // x^0 would differentiate to 0 * x^-1
            }
        }, a);
    }

    /** \(a^2\); \(\bar a = 2 \bar z a\). */
    public static Var square(Var a) {
        INDArray x = a.value();
        return Var.of("square", x.mul(x), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.mul(x).muli(2.0)}; }
            @Override public Var[] apply(Var g, Var z, Var[] in) { return new Var[] {g.mul(in[0]).mul(2.0)}; }
        }, a);
    }
}
