package dev.ppl.autodiff.demo;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Activation;
import dev.ppl.autodiff.nn.Mlp;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The toy problem of Grathwohl et al. (2018, "Backpropagation through the void", section 6.1):
 * \(\min_\theta \mathbb E_{b \sim \mathrm{Bernoulli}(\sigma(\theta))}[(b - t)^2]\) with \(t = 0.499\),
 * whose exact gradient is \(\sigma'(\theta)\,((1-t)^2 - t^2)\), estimated by RELAX with a tiny MLP
 * surrogate \(c_\phi\) written at the autodiff level.
 *
 * <p>With \(u, v \sim U(0,1)\): the relaxation \(z = \theta + \log u - \log(1-u)\), \(b = H(z)\), and
 * the conditional relaxation \(\tilde z = \theta + \log \tilde v - \log(1 - \tilde v)\) with
 * \(\tilde v = b\,(u' + v(1 - u')) + (1 - b)\,v u'\), \(u' = \sigma(-\theta)\), a sample of
 * \(z \mid b\) reparameterized in \(\theta\). The RELAX estimator is
 * \[\hat g = [f(b) - c_\phi(\tilde z)]\,\partial_\theta \log p(b \mid \theta)
 *   + \partial_\theta c_\phi(z) - \partial_\theta c_\phi(\tilde z),\]
 * unbiased for every \(\phi\), with \(\partial_\theta \log p(b\mid\theta) = b - \sigma(\theta)\). Its
 * two surrogate gradients come from {@link Grad#gradAsVars}, so \(\hat g\) is a differentiable
 * function of \(\phi\), and \(\phi\) is trained by Adam on \(\frac1N\sum_n \hat g_n^2\), whose
 * gradient \(\frac1N\sum_n 2\hat g_n\,\partial\hat g_n/\partial\phi\) is the single-sample
 * estimate of \(\partial_\phi \operatorname{Var}[\hat g]\) (the mean does not depend on \(\phi\)):
 * second-order reverse mode through the MLP's backward pass.
 *
 * <p>The \(N\) samples of a batch are made independent in \(\theta\) by broadcasting it to
 * {@code [N, 1]} first; the gradient of \(\sum_n c_\phi(z_n)\) with respect to that interior
 * node holds each sample's own \(\partial_\theta c_\phi(z_n)\).
 */
final class RelaxToyProblem {
    static final double TARGET = 0.499;

    private final Params params;
    private final Mlp surrogate;

    RelaxToyProblem(int hidden, long seed) {
        Params.Builder b = Params.builder(DataType.DOUBLE, seed);
        this.surrogate = Mlp.create(b, "c", new int[] {1, hidden, 1}, Activation.TANH, Activation.IDENTITY);
        this.params = b.build();
    }

    /** The surrogate's parameters \(\phi\). */
    Params params() {
        return params;
    }

    /** \(\sigma'(\theta)((1-t)^2 - t^2)\). */
    static double exactGradient(double theta) {
        double p = sigmoid(theta);
        return p * (1 - p) * ((1 - TARGET) * (1 - TARGET) - TARGET * TARGET);
    }

    /** The exact variance of the single-sample REINFORCE estimator \(f(b)(b - \sigma(\theta))\). */
    static double reinforceVariance(double theta) {
        double p = sigmoid(theta);
        double one = (1 - TARGET) * (1 - TARGET) * (1 - p), zero = -TARGET * TARGET * p;
        double mean = p * one + (1 - p) * zero;
        return p * one * one + (1 - p) * zero * zero - mean * mean;
    }

    /** {@code n} single-sample RELAX estimates \(\hat g_n\) at {@code theta}, shape {@code [n, 1]}, differentiable in \(\phi\). */
    Var estimates(double theta, int n, SplittableRandom rng) {
        Var thetaN = Var.param(Nd4j.scalar(DataType.DOUBLE, theta)).broadcastTo(n, 1);
        INDArray u = uniform(rng, n), v = uniform(rng, n);
        Var z = thetaN.add(Var.constant(logit(u)));
        INDArray b = z.value().gt(0.0).castTo(DataType.DOUBLE);
        Var bc = Var.constant(b);
        Var uPrime = thetaN.neg().sigmoid();
        Var vc = Var.constant(v);
        Var vTilde = bc.mul(uPrime.add(vc.mul(uPrime.rsub(1.0)))).add(bc.rsub(1.0).mul(vc).mul(uPrime));
        Var zTilde = thetaN.add(vTilde.log()).sub(vTilde.rsub(1.0).log());
        Var cz = surrogate.apply(params, z), czTilde = surrogate.apply(params, zTilde);
        Var dcz = Grad.gradAsVars(cz.sum(), thetaN).get(thetaN);
        Var dczTilde = Grad.gradAsVars(czTilde.sum(), thetaN).get(thetaN);
        Var score = bc.sub(thetaN.sigmoid()).stopGradient();
        Var f = Var.constant(b.sub(TARGET).muli(b.sub(TARGET)));
        return f.sub(czTilde).mul(score).add(dcz).sub(dczTilde);
    }

    /** {@code n} single-sample REINFORCE estimates \(f(b)(b - \sigma(\theta))\), shape {@code [n, 1]}. */
    static INDArray reinforce(double theta, int n, SplittableRandom rng) {
        INDArray u = uniform(rng, n);
        INDArray b = logit(u).addi(theta).gt(0.0).castTo(DataType.DOUBLE);
        return b.sub(TARGET).muli(b.sub(TARGET)).muli(b.sub(sigmoid(theta)));
    }

    /** One Adam step on \(\phi\) for the sampled variance \(\frac1N\sum_n \hat g_n^2\); returns that value. */
    double trainStep(Adam adam, double theta, int n, SplittableRandom rng) {
        Var loss = estimates(theta, n, rng).square().mean();
        params.computeGrads(loss);
        adam.step(params);
        return loss.item();
    }

    private static INDArray uniform(SplittableRandom rng, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double x;
            do {
                x = rng.nextDouble();
            } while (x == 0.0);
            out[i] = x;
        }
        return Nd4j.createFromArray(out).reshape(n, 1);
    }

    private static INDArray logit(INDArray u) {
        return org.nd4j.linalg.ops.transforms.Transforms.log(u, true)
                .subi(org.nd4j.linalg.ops.transforms.Transforms.log(u.rsub(1.0), false));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
