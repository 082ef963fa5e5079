package dev.ppl.dist.continuous;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Expansion;
import dev.ppl.dist.ParamChecks;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Support;
import dev.ppl.dist.ValueChecks;
import java.util.Arrays;
import org.apache.commons.math3.special.Gamma;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Concrete (Gumbel-softmax, relaxed one-hot categorical) distribution on the open simplex
 * \(\{x \in (0,1)^K : \sum_k x_k = 1\}\), with temperature \(\tau &gt; 0\) and logits \(\ell\) of
 * shape {@code batchShape ++ [K]} (Maddison, Mnih and Teh, "The Concrete Distribution", ICLR
 * 2017, definition 1 and proposition 1; Jang, Gu and Poole, "Categorical Reparameterization with
 * Gumbel-Softmax", ICLR 2017). Reparameterized through Gumbel noise:
 * \[ x = \operatorname{softmax}\!\left(\frac{\ell + G}{\tau}\right), \quad G_k = -\log(-\log u_k), \]
 * \[ \log p(x) = \log (K-1)! + (K-1)\log\tau + \sum_{k} \left(\ell_k - (\tau+1)\log x_k\right)
 *    - K \log \sum_{k} e^{\ell_k} x_k^{-\tau}. \]
 * The density is with respect to Lebesgue measure on the first \(K-1\) coordinates
 * \((x_1, \dots, x_{K-1})\), \(x_K = 1 - \sum_{k &lt; K} x_k\) (the paper's convention; no
 * \(\sqrt K\) surface factor), so for \(K = 2\) it is the {@link RelaxedBernoulli} density of
 * \(x_1\) with logits \(\ell_1 - \ell_2\). Event shape {@code [K]}; the noise of
 * {@link #reparamSample} is \(G\). Values off the simplex (a coordinate \(\le 0\), or a sum
 * farther than \(10^{-6} + 2(K+2)\) units in the last place from 1, \(\pm\infty\) included) score
 * \(-\infty\), and an event holding a NaN scores NaN (errors under
 * {@link dev.ppl.dist.Validation#strict()}; see {@link Distribution#logDensity}).
 *
 * <p><b>Straight-through</b> ({@link #ofLogits(double, Var, boolean)}): draws are the one-hot
 * vectors of \(\arg\max_k x_k\) in the forward pass, with the gradient of the relaxed \(x\);
 * {@link #logDensity} remains the density of the relaxed \(x\) (one-hot vectors lie outside its
 * support; score {@code relaxed().reparam(noise)}). At low temperatures coordinates of \(x\) can
 * underflow to 0 (float32 first), where the log density is \(-\infty\).
 */
public final class RelaxedCategorical implements Distribution<Var> {
    private final double temperature;
    private final Var logits;
    private final boolean straightThrough;
    private final long[] batchShape;
    private final int k;

    private RelaxedCategorical(double temperature, Var logits, boolean straightThrough) {
        RelaxedBernoulli.checkTemperature("RelaxedCategorical", temperature);
        ParamChecks.requireFloating("RelaxedCategorical", "logits", logits);
        long[] shape = logits.shape();
        if (shape.length < 1 || shape[shape.length - 1] < 2) {
            throw new IllegalArgumentException("RelaxedCategorical: parameter 'logits' needs a last (category) axis of "
                    + "size >= 2, got shape " + Shapes.str(shape));
        }
        ParamChecks.finite("RelaxedCategorical", "logits", logits);
        this.temperature = temperature;
        this.logits = logits;
        this.straightThrough = straightThrough;
        this.batchShape = Arrays.copyOf(shape, shape.length - 1);
        this.k = (int) shape[shape.length - 1];
    }

    /** The Concrete distribution with temperature {@code temperature} (finite, &gt; 0) and finite logits {@code [..., K]}, K &ge; 2. */
    public static RelaxedCategorical ofLogits(double temperature, Var logits) {
        return new RelaxedCategorical(temperature, logits, false);
    }

    /** As {@link #ofLogits(double, Var)}, with straight-through one-hot draws if {@code straightThrough}. */
    public static RelaxedCategorical ofLogits(double temperature, Var logits, boolean straightThrough) {
        return new RelaxedCategorical(temperature, logits, straightThrough);
    }

    /** The temperature \(\tau\). */
    public double temperature() { return temperature; }
    /** The logits \(\ell\). */
    public Var logits() { return logits; }
    /** The probabilities \(\operatorname{softmax}(\ell)\) of the \(\tau \to 0\) limit. */
    public Var probs() { return logits.softmax(-1); }
    /** Whether draws are straight-through one-hot vectors. */
    public boolean isStraightThrough() { return straightThrough; }

    /** The same distribution with relaxed (not straight-through) draws. */
    public RelaxedCategorical relaxed() {
        return straightThrough ? new RelaxedCategorical(temperature, logits, false) : this;
    }

    @Override public String name() { return "RelaxedCategorical"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[] {k}; }
    @Override public boolean hasReparam() { return true; }

    /**
     * The Concrete distribution with logits \(\ell_{b(t)}\) for every element \(t\) of the new batch:
     * {@code logits} broadcast to {@code target ++ [K]}; the temperature and the straight-through flag are
     * kept, where \(b(t)\) is the batch element that \(t\) broadcasts from (see {@link
     * Distribution#expand}); this distribution itself if {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public RelaxedCategorical expand(long[] target) {
        if (Expansion.isSame("RelaxedCategorical", batchShape, target)) {
            return this;
        }
        return new RelaxedCategorical(temperature, Expansion.param(logits, target, k), straightThrough);
    }

    @Override
    public Var sample(Rng rng) {
        return reparam(gumbel(rng)).stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray g = gumbel(rng);
        return new ReparamSample<>(reparam(g), g);
    }

    private INDArray gumbel(Rng rng) {
        INDArray u = rng.uniform(logits.dtype(), logits.shape());
        return Transforms.log(Transforms.log(u, false).negi(), false).negi();
    }

    /** \(\operatorname{softmax}((\ell + G)/\tau)\) for standard Gumbel noise {@code g}; one-hot if straight-through. */
    @Override
    public Var reparam(INDArray g) {
        Var x = logits.add(Var.constant(g)).div(temperature).softmax(-1);
        if (!straightThrough) {
            return x;
        }
        INDArray v = x.value();
        INDArray idx = Nd4j.argMax(v, v.rank() - 1);
        long[] col = Arrays.copyOf(idx.shape(), idx.rank() + 1);
        col[idx.rank()] = 1;
        INDArray ks = Shapes.broadcastTo(Nd4j.arange(0, k).castTo(DataType.LONG), v.shape());
        INDArray hard = Shapes.broadcastTo(idx.reshape(col), v.shape()).eq(ks).castTo(v.dataType());
        return Var.of("straightThrough", hard, grad -> new INDArray[] {grad}, x);
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("RelaxedCategorical", x, batchShape, new long[] {k});
        if (x.rank() < 1 || x.shape()[x.rank() - 1] != k) {
            throw new IllegalArgumentException("RelaxedCategorical.logDensity: value of shape " + Shapes.str(x.shape())
                    + " needs a last axis of size " + k);
        }
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, logits.dtype(), x);
        }
        long[] full = Expansion.concat(shape, k);
        INDArray in = onSimplex(Shapes.broadcastTo(x.value(), full)).reshape(shape);
        long[] col = Arrays.copyOf(shape, shape.length + 1);
        col[shape.length] = 1;
        INDArray inEvent = Shapes.broadcastTo(in.reshape(col), full);
        Var xs = Support.safe(x.broadcastTo(full), inEvent, 1.0 / k);
        Var logX = xs.log();
        Var sum = logits.sub(logX.mul(temperature + 1)).sum(false, -1);
        Var lse = logits.sub(logX.mul(temperature)).logSumExp(false, -1);
        double constant = Gamma.logGamma(k) + (k - 1) * Math.log(temperature);
        Var lp = sum.sub(lse.mul(k)).add(constant);
        return Support.restrict("RelaxedCategorical", lp.reshape(shape), in, x, 1);
    }

    /** Per event: every coordinate in (0, 1] and the sum within the tolerance of 1. */
    private INDArray onSimplex(INDArray x) {
        double ulp = x.dataType() == DataType.DOUBLE ? Math.ulp(1.0) : Math.ulp(1.0f);
        double tol = 1e-6 + 2 * (k + 2) * ulp;
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray positive = xd.gt(0.0).castTo(DataType.DOUBLE).min(-1);
        INDArray sumOk = Transforms.abs(xd.sum(-1).subi(1.0), false).lte(tol).castTo(DataType.DOUBLE);
        return positive.muli(sumOk).gt(0.5);
    }

    /** Throws: the mean of the Concrete distribution has no closed form. */
    @Override
    public Var mean() {
        throw new IllegalStateException("RelaxedCategorical: the mean has no closed form; estimate it from samples");
    }

    /** Throws: the variance of the Concrete distribution has no closed form. */
    @Override
    public Var variance() {
        throw new IllegalStateException("RelaxedCategorical: the variance has no closed form; estimate it from samples");
    }
}
