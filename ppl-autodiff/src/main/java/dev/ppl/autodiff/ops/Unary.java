package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.DifferentiableBackward;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.custom.Digamma;
import org.nd4j.linalg.api.ops.custom.Lgamma;
import org.nd4j.linalg.api.ops.custom.Polygamma;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Elementwise mathematical functions \(z = f(x)\) with \(\bar x = \bar z\, f'(x)\). Every rule here
 * but {@link #digamma}'s is also differentiable ({@link DifferentiableBackward}: \(f'\) written
 * with {@code Var} ops of \(x\) or \(z\)); digamma's \(f'\) is trigamma, which is no op here, so
 * \(\log\Gamma\) is twice differentiable but not three times.
 */
public final class Unary {
    private Unary() {}

    /** \(e^x\); \(f' = e^x\). */
    public static Var exp(Var a) {
        Checks.floating("exp", a);
        INDArray x = a.value();
        INDArray z = Arena.uninitialized(x.dataType(), x.shape());
        Nd4j.exec(new Exp(x, z));
        return Var.of("exp", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {Kernels.multiply(g, z)}; }
            @Override public Var[] apply(Var g, Var self, Var[] in) { return new Var[] {g.mul(self)}; }
        }, a);
    }

    /** \(\log x\); \(f' = 1/x\). */
    public static Var log(Var a) {
        Checks.floating("log", a);
        INDArray x = a.value();
        INDArray z = Nd4j.exec(new Log(x, Kernels.like(x)));
        return Var.of("log", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.div(x, Kernels.like(g))}; }
            @Override public Var[] apply(Var g, Var self, Var[] in) { return new Var[] {g.div(in[0])}; }
        }, a);
    }

    /** \(\log(1+x)\), accurate near 0 ({@link #log1p(INDArray)}); \(f' = 1/(1+x)\). */
    public static Var log1p(Var a) {
        Checks.floating("log1p", a);
        INDArray x = a.value();
        return Var.of("log1p", log1p(x), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.div(x.add(1.0))}; }
            @Override public Var[] apply(Var g, Var self, Var[] in) { return new Var[] {g.div(in[0].add(1.0))}; }
        }, a);
    }

    /** \(e^x - 1\), accurate near 0; \(f' = e^x\). */
    public static Var expm1(Var a) {
        Checks.floating("expm1", a);
        INDArray x = a.value();
        INDArray z = Transforms.expm1(x, true);
        return Var.of("expm1", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.mul(z.add(1.0))}; }
            @Override public Var[] apply(Var g, Var self, Var[] in) { return new Var[] {g.mul(self.add(1.0))}; }
        }, a);
    }

    /** \(\sqrt{x}\); \(f' = 1/(2\sqrt{x})\). */
    public static Var sqrt(Var a) {
        Checks.floating("sqrt", a);
        INDArray z = Transforms.sqrt(a.value(), true);
        return Var.of("sqrt", z, new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.div(z).muli(0.5)}; }
            @Override public Var[] apply(Var g, Var self, Var[] in) { return new Var[] {g.div(self).mul(0.5)}; }
        }, a);
    }

    /** \(|x|\); \(f' = \operatorname{sign}(x)\) (0 at 0). */
    public static Var abs(Var a) {
        INDArray x = a.value();
        return Var.of("abs", Transforms.abs(x, true), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.mul(Transforms.sign(x, true))}; }
            @Override public Var[] apply(Var g, Var self, Var[] in) { // sign(x) is piecewise constant
                return new Var[] {g.mul(Var.constant(Transforms.sign(x, true).castTo(g.dtype())))};
            }
        }, a);
    }

    /** \(\log\Gamma(x)\) for \(x &gt; 0\); \(f' = \psi(x)\). */
    public static Var lgamma(Var a) {
        Checks.floating("lgamma", a);
        INDArray x = a.value();
        return Var.of("lgamma", Nd4j.exec(new Lgamma(x))[0], new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g.mul(digamma(x))}; }
            @Override public Var[] apply(Var g, Var self, Var[] in) { return new Var[] {g.mul(digamma(in[0]))}; }
        }, a);
    }

    /** The digamma function \(\psi(x) = \frac{d}{dx}\log\Gamma(x)\); \(f' = \psi_1(x)\) (trigamma). */
    public static Var digamma(Var a) {
        Checks.floating("digamma", a);
        INDArray x = a.value();
        return Var.of("digamma", digamma(x), g -> new INDArray[] {g.mul(trigamma(x))}, a);
    }

    /** \(\min(\max(x, lo), hi)\); \(f' = 1\) inside \([lo, hi]\), 0 outside. */
    public static Var clamp(Var a, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: min " + lo + " exceeds max " + hi);
        }
        INDArray x = a.value();
        return Var.of("clamp", Kernels.clamp(x, lo, hi), new DifferentiableBackward() {
            @Override public INDArray[] apply(INDArray g) { return new INDArray[] {Kernels.passInside(g, x, lo, hi)}; }
            @Override public Var[] apply(Var g, Var self, Var[] in) { // [lo <= x <= hi] is piecewise constant
                INDArray inside = x.gte(lo).castTo(g.dtype()).muli(x.lte(hi).castTo(g.dtype()));
                return new Var[] {g.mul(Var.constant(inside))};
            }
        }, a);
    }

    /**
     * \(\log(1+x)\) of an array, to a few ulps also for tiny \(|x|\): ND4J's own op computes
     * \(\log(1 \oplus x)\) literally and returns 0 for \(|x| &lt; 10^{-16}\). With \(u = 1 \oplus x\)
     * (rounded), \(\log(1+x) = \log u - ((u - 1) - x)/u\) to first order in the rounding error
     * \((u - 1) - x\), which is computed exactly. The correction is dropped where it is NaN
     * (\(x = -1\), \(x = \infty\)), leaving \(\log u\).
     */
    static INDArray log1p(INDArray x) {
        INDArray u = x.add(1.0);
        INDArray correction = u.sub(1.0).subi(x).divi(u);
        BooleanIndexing.replaceWhere(correction, 0.0, Conditions.isNan());
        return Transforms.log(u, false).subi(correction);
    }

    static INDArray digamma(INDArray x) {
        return Nd4j.exec(new Digamma(x))[0];
    }

    static INDArray trigamma(INDArray x) {
        return Nd4j.exec(new Polygamma(Nd4j.onesLike(x), x))[0];
    }
}
