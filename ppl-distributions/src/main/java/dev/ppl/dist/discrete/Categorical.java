package dev.ppl.dist.discrete;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Expansion;
import dev.ppl.dist.ParamChecks;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Support;
import dev.ppl.dist.ValueChecks;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The categorical distribution on \(\{0, \dots, K-1\}\), parameterized by probabilities
 * \(p\) or by logits \(\ell\) (unnormalized log probabilities), with the category axis last:
 * parameters of shape {@code batchShape ++ [K]}, values of shape {@code batchShape} (or with
 * extra leading axes that broadcast against it) holding category indices as floats of the
 * parameters' type:
 * \[ \log p(x) = \log p_x = \ell_x - \log\textstyle\sum_{k} e^{\ell_k}. \]
 * The entry is picked with a one-hot mask, so zero-probability categories score \(-\infty\)
 * without NaN gradients. Sampling uses the Gumbel-max trick,
 * \(x = \arg\max_k (\ell_k + G_k)\) with \(G_k = -\log(-\log u_k)\) i.i.d. standard Gumbel
 * (Gumbel 1954; see Maddison, Tarlow and Minka, "A* Sampling", NeurIPS 2014, section 2).
 * Enumerable: support \(\{0, \dots, K-1\}\).
 *
 * <p>Support: the category indices \(0, \dots, K-1\); any other value (\(\pm\infty\) included) has log density \(-\infty\), and a
 * NaN value has NaN (errors under {@link dev.ppl.dist.Validation#strict()}; see
 * {@link Distribution#logDensity}).
 */
public final class Categorical implements Distribution<Var> {
    private final Var logits;
    private final Var probs;
    private final long[] batchShape;
    private final int k;

    private Categorical(Var logits, Var probs) {
        this.logits = logits;
        this.probs = probs;
        long[] shape = (logits != null ? logits : probs).shape();
        this.batchShape = Arrays.copyOf(shape, shape.length - 1);
        this.k = (int) shape[shape.length - 1];
    }

    /**
     * Categorical with probabilities {@code probs} of shape {@code batchShape ++ [K]}: entries in
     * [0, 1], each row (last axis) summing to 1 within \(10^{-6}\) plus the rounding error of a
     * sum of K numbers of the parameters' type (\(2(K+2)\) units in the last place).
     */
    public static Categorical ofProbs(Var probs) {
        requireCategoryAxis("probs", probs);
        ParamChecks.probability("Categorical", "probs", probs);
        INDArray sums = probs.value().sum(-1).castTo(DataType.DOUBLE);
        double ulp = probs.dtype() == DataType.DOUBLE ? Math.ulp(1.0) : Math.ulp(1.0f);
        long kk = probs.shape()[probs.rank() - 1];
        double tol = 1e-6 + 2 * (kk + 2) * ulp;
        INDArray dev = Transforms.abs(sums.sub(1.0), false);
        if (dev.length() > 0 && !(dev.maxNumber().doubleValue() <= tol)) {
            INDArray flat = sums.reshape(sums.length());
            for (long i = 0; i < flat.length(); i++) {
                if (!(Math.abs(flat.getDouble(i) - 1.0) <= tol)) {
                    throw new IllegalArgumentException("Categorical: parameter 'probs' must have rows (last axis) "
                            + "summing to 1, but row " + i + " of shape " + Shapes.str(probs.shape()) + " sums to "
                            + flat.getDouble(i));
                }
            }
        }
        return new Categorical(null, probs);
    }

    /** Categorical with finite logits of shape {@code batchShape ++ [K]} (normalized by log-softmax). */
    public static Categorical ofLogits(Var logits) {
        requireCategoryAxis("logits", logits);
        ParamChecks.finite("Categorical", "logits", logits);
        return new Categorical(logits, null);
    }

    private static void requireCategoryAxis(String param, Var v) {
        ParamChecks.requireFloating("Categorical", param, v);
        if (v.rank() < 1 || v.shape()[v.rank() - 1] < 1) {
            throw new IllegalArgumentException("Categorical: parameter '" + param + "' needs a last (category) axis "
                    + "of size >= 1, got shape " + Shapes.str(v.shape()));
        }
    }

    /** The probabilities (the softmax of the logits if so parameterized), shape {@code batchShape ++ [K]}. */
    public Var probs() {
        return probs != null ? probs : logits.softmax(-1);
    }

    /** The normalized log probabilities \(\log p_k\) (\(-\infty\) for zero probabilities). */
    public Var logProbs() {
        if (logits != null) {
            return logits.logSoftmax(-1);
        }
        INDArray positive = probs.value().gt(0.0);
        Var safe = Var.where(positive, probs, Var.scalar(1.0, probs.dtype())).log();
        return Var.where(positive, safe, Var.scalar(Double.NEGATIVE_INFINITY, probs.dtype()));
    }

    /** The number of categories \(K\). */
    public int numCategories() {
        return k;
    }

    @Override public String name() { return "Categorical"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean isEnumerable() { return true; }

    /**
     * Categorical\((p_{b(t)})\) for every element \(t\) of the new batch: the logits or the probabilities
     * (whichever parameterizes this one) broadcast to {@code target ++ [K]}, where \(b(t)\) is the batch
     * element that \(t\) broadcasts from (see {@link Distribution#expand}); this distribution itself if
     * {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Categorical expand(long[] target) {
        if (Expansion.isSame("Categorical", batchShape, target)) {
            return this;
        }
        return logits != null ? ofLogits(Expansion.param(logits, target, k))
                : ofProbs(Expansion.param(probs, target, k));
    }

    @Override
    public Var sample(Rng rng) {
        INDArray table = logProbs().value();
        INDArray u = rng.uniform(table.dataType(), table.shape());
        INDArray gumbel = Transforms.log(Transforms.log(u, false).negi(), false).negi();
        INDArray scores = table.add(gumbel);
        INDArray idx = Nd4j.argMax(scores, scores.rank() - 1);
        return Var.constant(idx.castTo(table.dataType()).reshape(batchShape));
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Categorical", x, batchShape, new long[0]);
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, probsDtype(), x);
        }
        INDArray mask = oneHot(x.value(), shape);
        // one integer category in 0..K-1 matches exactly one column; anything else matches none
        INDArray in = mask.castTo(x.dtype()).sum(-1).gt(0.0);
        // the value enters only through the (constant) mask, so no Support.safe is needed
        Var picked = Var.where(mask, logProbs(), Var.scalar(0.0, probsDtype())).sum(false, -1);
        return Support.restrict("Categorical", picked.reshape(shape), in.reshape(shape), x);
    }

    /** Boolean {@code shape ++ [K]}: entry {@code [..., j]} is {@code x[...] == j}. */
    private INDArray oneHot(INDArray x, long[] shape) {
        long[] full = Arrays.copyOf(shape, shape.length + 1);
        full[shape.length] = k;
        long[] col = Arrays.copyOf(shape, shape.length + 1);
        col[shape.length] = 1;
        INDArray xs = Shapes.broadcastTo(Shapes.broadcastTo(x, shape).reshape(col), full);
        INDArray ks = Shapes.broadcastTo(Nd4j.arange(0, k).castTo(x.dataType()), full);
        return xs.eq(ks);
    }

    @Override
    public Var support() {
        long[] shape = new long[batchShape.length + 1];
        shape[0] = k;
        System.arraycopy(batchShape, 0, shape, 1, batchShape.length);
        long[] col = new long[shape.length];
        Arrays.fill(col, 1);
        col[0] = k;
        INDArray values = Nd4j.arange(0, k).castTo(probsDtype()).reshape(col);
        return Var.constant(Shapes.broadcastTo(values, shape).dup());
    }

    /** \(\sum_k k\,p_k\), the mean category index. */
    @Override
    public Var mean() {
        return probs().mul(indices()).sum(false, -1).reshape(batchShape);
    }

    /** \(\sum_k k^2 p_k - (\sum_k k\,p_k)^2\). */
    @Override
    public Var variance() {
        Var p = probs();
        Var idx = indices();
        Var m = p.mul(idx).sum(false, -1);
        return p.mul(idx.square()).sum(false, -1).sub(m.square()).reshape(batchShape);
    }

    private Var indices() {
        return Var.constant(Nd4j.arange(0, k).castTo(probsDtype()));
    }

    private DataType probsDtype() {
        return (logits != null ? logits : probs).dtype();
    }
}
