package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Log-likelihood kernels fused into one op each, for the hot path of models with many
 * observations (a decoder's pixels): one pass forward and a short backward instead of the chain
 * of elementwise ops the composite expression records.
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
        Checks.sameType("bernoulliLogits", x, logits);
        Checks.floating("bernoulliLogits", logits);
        if (!Arrays.equals(x.shape(), logits.shape())) {
            throw new IllegalArgumentException("bernoulliLogits: x" + Shapes.str(x.shape()) + " and logits"
                    + Shapes.str(logits.shape()) + " must have the same shape (broadcast them first)");
        }
        INDArray xv = x.value(), l = logits.value();
        // x l - softplus(l) with softplus(l) = max(l, 0) + log(1 + exp(-|l|)): elementwise passes
        // into fresh buffers (ND4J's fused sigmoid cross-entropy op measured 2-7x slower: it
        // allocates its temporaries natively, outside the arena)
        INDArray y = xv.mul(l).subi(Activations.softplus(l));
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
        Checks.sameType("normal", x, loc);
        Checks.sameType("normal", x, scale);
        Checks.floating("normal", x);
        long[] shape = Shapes.broadcast("normal", Shapes.broadcast("normal", x.shape(), loc.shape()), scale.shape());
        INDArray xv = x.value(), mu = loc.value(), s = scale.value();
        INDArray d = xv.sub(mu);
        INDArray z = Arrays.equals(d.shape(), shape) ? d.divi(s) : d.div(s);
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
}
