package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Arena;
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

/** Elementwise mathematical functions \(z = f(x)\) with \(\bar x = \bar z\, f'(x)\). */
public final class Unary {
    private Unary() {}

    /** \(e^x\); \(f' = e^x\). */
    public static Var exp(Var a) {
        Checks.floating("exp", a);
        INDArray x = a.value();
        INDArray z = Arena.uninitialized(x.dataType(), x.shape());
        Nd4j.exec(new Exp(x, z));
        return Var.of("exp", z, g -> new INDArray[] {Kernels.multiply(g, z)}, a);
    }

    /** \(\log x\); \(f' = 1/x\). */
    public static Var log(Var a) {
        Checks.floating("log", a);
        INDArray x = a.value();
        INDArray z = Nd4j.exec(new Log(x, Kernels.like(x)));
        return Var.of("log", z, g -> new INDArray[] {g.div(x, Kernels.like(g))}, a);
    }

    /** \(\log(1+x)\), accurate near 0 ({@link #log1p(INDArray)}); \(f' = 1/(1+x)\). */
    public static Var log1p(Var a) {
        Checks.floating("log1p", a);
        INDArray x = a.value();
        return Var.of("log1p", log1p(x), g -> new INDArray[] {g.div(x.add(1.0))}, a);
    }

    /** \(e^x - 1\), accurate near 0; \(f' = e^x\). */
    public static Var expm1(Var a) {
        Checks.floating("expm1", a);
        INDArray x = a.value();
        INDArray z = Transforms.expm1(x, true);
        return Var.of("expm1", z, g -> new INDArray[] {g.mul(z.add(1.0))}, a);
    }

    /** \(\sqrt{x}\); \(f' = 1/(2\sqrt{x})\). */
    public static Var sqrt(Var a) {
        Checks.floating("sqrt", a);
        INDArray z = Transforms.sqrt(a.value(), true);
        return Var.of("sqrt", z, g -> new INDArray[] {g.div(z).muli(0.5)}, a);
    }

    /** \(|x|\); \(f' = \operatorname{sign}(x)\) (0 at 0). */
    public static Var abs(Var a) {
        INDArray x = a.value();
        return Var.of("abs", Transforms.abs(x, true), g -> new INDArray[] {g.mul(Transforms.sign(x, true))}, a);
    }

    /** \(\log\Gamma(x)\) for \(x &gt; 0\); \(f' = \psi(x)\). */
    public static Var lgamma(Var a) {
        Checks.floating("lgamma", a);
        INDArray x = a.value();
        return Var.of("lgamma", Nd4j.exec(new Lgamma(x))[0], g -> new INDArray[] {g.mul(digamma(x))}, a);
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
        return Var.of("clamp", Kernels.clamp(x, lo, hi), g -> new INDArray[] {Kernels.passInside(g, x, lo, hi)}, a);
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
