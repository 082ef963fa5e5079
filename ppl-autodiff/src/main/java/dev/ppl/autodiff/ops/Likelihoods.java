package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Log-likelihood kernels fused into one op each, for the hot path of models with many
 * observations (a decoder's pixels): one pass forward and a short backward instead of the chain
 * of elementwise ops the composite expression records. The {@code ...Sum} variants return the
 * total over all elements (rank 0) directly: their forward pass uses BLAS reductions instead of
 * writing per-element densities, and their backward takes the scalar \(\bar y\) as a number
 * instead of an array of its copies.
 */
public final class Likelihoods {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private Likelihoods() {}

    /**
     * The elementwise Bernoulli log-likelihood in logits, \(y = x\ell - \operatorname{softplus}(\ell)\)
     * (\(= \log\sigma(\ell)\) at \(x = 1\) and \(\log\sigma(-\ell)\) at \(x = 0\)), computed without
     * overflow as \(x\ell - \max(\ell, 0) - \log(1 + e^{-|\ell|})\), one graph node. Backward:
     * \(\bar\ell = \bar y\,(x - \sigma(\ell))\) and \(\bar x = \bar y\,\ell\).
     *
     * @throws IllegalArgumentException naming both shapes if {@code x} and {@code logits} differ in
     *     shape, and the data types if they differ or are not floating point
     */
    public static Var bernoulliLogits(Var x, Var logits) {
        checkBernoulli("bernoulliLogits", x, logits);
        INDArray xv = x.value(), l = logits.value();
        // x l - softplus(l) with softplus(l) = max(l, 0) + log(1 + exp(-|l|)): elementwise passes
        // into fresh buffers (ND4J's fused sigmoid cross-entropy op measured 2-7x slower: it
        // allocates its temporaries natively, outside the arena)
        INDArray y = xv.mul(l).subi(Activations.softplusAbsolute(l));
        return Var.of("bernoulliLogits", y, g -> new INDArray[] {
            x.requiresGrad() ? g.mul(l) : null,
            logits.requiresGrad() ? Transforms.sigmoid(l, true).rsubi(xv).muli(g) : null}, x, logits);
    }

    /**
     * The elementwise normal log-density \(y = -\tfrac12 z^2 - \log\sigma - \tfrac12\log 2\pi\) with
     * \(z = (x - \mu)/\sigma\), the three arguments broadcast together. One op with a direct
     * backward: with \(w = \bar y z/\sigma\), \(\bar x = -w\), \(\bar\mu = w\) and
     * \(\bar\sigma = \bar y (z^2 - 1)/\sigma = wz - \bar y/\sigma\), each summed over the axes
     * along which that argument was broadcast (the composite expression records about twice as
     * many backward ops). It does not check \(\sigma &gt; 0\): distributions validate their
     * parameters when they are built.
     *
     * @throws IllegalArgumentException naming the shapes if they do not broadcast, and the data
     *     types if they differ or are not floating point
     */
    public static Var normal(Var x, Var loc, Var scale) {
        long[] shape = checkNormal("normal", x, loc, scale);
        INDArray xv = x.value(), mu = loc.value(), s = scale.value();
        INDArray d = Shapes.widened(xv, mu).sub(mu);
        INDArray z = Arrays.equals(d.shape(), shape) ? d.divi(s) : Shapes.widened(d, s).div(s);
        INDArray y = z.mul(z).muli(-0.5).subi(Transforms.log(s, true)).subi(HALF_LOG_2PI);
        long[] sx = x.shape(), sl = loc.shape(), ss = scale.shape();
        return Var.of("normal", y, g -> {
            INDArray w = g.mul(z).divi(s);
            return new INDArray[] {
                x.requiresGrad() ? Shapes.sumTo(w.neg(), sx) : null,
                loc.requiresGrad() ? Shapes.sumTo(w, sl) : null,
                scale.requiresGrad() ? Shapes.sumTo(w.mul(z).subi(g.div(s)), ss) : null};
        }, x, loc, scale);
    }

    /**
     * \(y = \sum_i x_i\ell_i - \operatorname{softplus}(\ell_i)\) over all elements (rank 0): the total
     * of {@link #bernoulliLogits}, fused. With \(\operatorname{softplus}(\ell) = \max(\ell, 0) +
     * \log(1 + e^{-|\ell|})\) and \(\sum \max(\ell, 0) = \tfrac12(\sum \ell + \sum |\ell|)\), the forward
     * pass is three BLAS reductions (\(\sum x\ell\), \(\sum\ell\), \(\sum|\ell|\)) and one scratch array
     * for \(\log(1 + e^{-|\ell|})\) and its sum. Backward for the scalar \(\bar y\):
     * \(\bar\ell = \bar y\,(x - \sigma(\ell))\) (two passes when \(\bar y = \pm 1\)) and \(\bar x = \bar y\,\ell\).
     *
     * @throws IllegalArgumentException naming both shapes if {@code x} and {@code logits} differ in
     *     shape, and the data types if they differ or are not floating point
     */
    public static Var bernoulliLogitsSum(Var x, Var logits) {
        checkBernoulli("bernoulliLogitsSum", x, logits);
        INDArray xv = x.value(), l = logits.value();
        INDArray t = Kernels.like(l);
        Nd4j.exec(new Abs(l, t));
        Transforms.log1p(Transforms.exp(t.negi(), false), false); // log(1 + e^{-|l|}) >= 0, so its sum is asum
        double value = Kernels.dot(xv, l) - 0.5 * (Kernels.sum(l) + Kernels.sumAbs(l))
                - Kernels.sumAbs(t);
        INDArray y = Arena.scalar(l.dataType(), value);
        return Var.of("bernoulliLogitsSum", y, g -> {
            double gy = g.getDouble(0);
            INDArray gl = null;
            if (logits.requiresGrad()) {
                gl = Kernels.like(l);
                Nd4j.exec(new Sigmoid(l, gl));
                if (gy == -1.0) {
                    gl.subi(xv);
                } else {
                    gl.rsubi(xv);
                    if (gy != 1.0) {
                        gl.muli(gy);
                    }
                }
            }
            return new INDArray[] {x.requiresGrad() ? l.mul(gy, Kernels.like(l)) : null, gl};
        }, x, logits);
    }

    /**
     * \(y = \sum_i \log N(x_i; \mu_i, \sigma_i)\) over the broadcast shape of the three arguments
     * (rank 0): the total of {@link #normal}, fused. With \(z = (x - \mu)/\sigma\) and \(N\) elements,
     * \(y = -\tfrac12 \sum z^2 - \sum \log\sigma - \tfrac N2 \log 2\pi\), where each \(\sigma_j\) counts as
     * often as broadcasting repeats it; the sums are BLAS reductions. Backward for the scalar
     * \(\bar y\): with \(w = \bar y z/\sigma\), \(\bar x = -w\), \(\bar\mu = w\), \(\bar\sigma = wz - \bar y/\sigma\),
     * each summed over the axes along which that argument was broadcast. Like {@link #normal} it
     * does not check \(\sigma &gt; 0\).
     *
     * @throws IllegalArgumentException naming the shapes if they do not broadcast, and the data
     *     types if they differ or are not floating point
     */
    public static Var normalSum(Var x, Var loc, Var scale) {
        long[] shape = checkNormal("normalSum", x, loc, scale);
        INDArray xv = x.value(), mu = loc.value(), s = scale.value();
        INDArray z = standardize(xv, mu, s, shape, !loc.requiresGrad() && Kernels.sumAbs(mu) == 0);
        long n = z.length();
        double sumSquares = Kernels.sumSquares(z);
        double sumLogScale = s.length() == 1 ? n * Math.log(s.getDouble(0))
                : (n / s.length()) * Kernels.sum(Nd4j.exec(new Log(s, Kernels.like(s))));
        double value = -0.5 * sumSquares - sumLogScale - n * HALF_LOG_2PI;
        long[] sx = x.shape(), sl = loc.shape(), ss = scale.shape();
        return Var.of("normalSum", Arena.scalar(x.dtype(), value), g -> {
            double gy = g.getDouble(0);
            if (s.length() == 1) {
                // one scale: w = (gy / s) z, and the scale's gradient sum_i (w_i z_i - gy / s) is a number
                double c = gy / s.getDouble(0);
                return new INDArray[] {
                    x.requiresGrad() ? Shapes.sumTo(Kernels.linear(z, -c, 0.0), sx) : null,
                    loc.requiresGrad() ? Shapes.sumTo(Kernels.linear(z, c, 0.0), sl) : null,
                    scale.requiresGrad() ? Nd4j.valueArrayOf(ss, c * (sumSquares - n), s.dataType()) : null};
            }
            boolean full = Arrays.equals(s.shape(), z.shape());
            INDArray w = Kernels.divide(z, s);
            if (gy != 1.0) {
                w = Kernels.linear(w, gy, 0.0);
            }
            return new INDArray[] {
                x.requiresGrad() ? Shapes.sumTo(Kernels.negate(w), sx) : null,
                loc.requiresGrad() ? Shapes.sumTo(w, sl) : null,
                scale.requiresGrad() ? Shapes.sumTo(full ? Kernels.axpy(Kernels.multiply(w, z), -1.0, Kernels.reciprocal(gy, s))
                        : Kernels.multiply(w, z).subi(s.rdiv(gy)), ss) : null};
        }, x, loc, scale);
    }

    /** Same type (floating point) and the same shape for values and logits. */
    private static void checkBernoulli(String op, Var x, Var logits) {
        Checks.sameType(op, x, logits);
        Checks.floating(op, logits);
        if (!Arrays.equals(x.shape(), logits.shape())) {
            throw new IllegalArgumentException(op + ": x" + Shapes.str(x.shape()) + " and logits"
                    + Shapes.str(logits.shape()) + " must have the same shape (broadcast them first)");
        }
    }

    /** One floating-point type for the three arguments; returns their broadcast shape. */
    private static long[] checkNormal(String op, Var x, Var loc, Var scale) {
        Checks.sameType(op, x, loc);
        Checks.sameType(op, x, scale);
        Checks.floating(op, x);
        return Checks.broadcast(op, x.shape(), loc.shape(), scale.shape());
    }

    /**
     * \(z = (x - \mu)/\sigma\) broadcast to {@code shape}, in as few passes as the arguments allow: no
     * subtraction for a known-zero \(\mu\), no division for a single \(\sigma = 1\) (then \(z\) may be
     * {@code x} itself, which callers must not modify).
     */
    private static INDArray standardize(INDArray x, INDArray mu, INDArray s, long[] shape, boolean zeroLoc) {
        INDArray d;
        if (zeroLoc && Arrays.equals(x.shape(), shape)) {
            d = x;
        } else {
            boolean same = Arrays.equals(x.shape(), shape) && Arrays.equals(mu.shape(), shape);
            // x widened first: ND4J's sub only broadcasts mu into x's shape, so [2, 1] - [2] would fail
            d = same ? Kernels.axpy(x, -1.0, mu) : Shapes.widened(x, mu).sub(mu);
            if (!Arrays.equals(d.shape(), shape)) {
                d = Shapes.broadcastTo(d, shape).dup();
            }
        }
        if (s.length() == 1) {
            double s0 = s.getDouble(0);
            return s0 == 1.0 ? d : d == x ? d.div(s0, Kernels.like(d)) : d.divi(s0);
        }
        if (d == x || Kernels.smallAndReadable(d) && Kernels.smallAndReadable(s)) {
            return Kernels.divide(d, s);
        }
        return d.divi(s);
    }
}
