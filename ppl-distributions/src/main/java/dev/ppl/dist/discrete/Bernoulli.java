package dev.ppl.dist.discrete;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.ops.Likelihoods;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Expansion;
import dev.ppl.dist.ParamChecks;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Support;
import dev.ppl.dist.ValueChecks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Bernoulli distribution ("flip") on \(\{0, 1\}\), parameterized by probabilities \(p\) or by
 * logits \(\ell = \log\frac{p}{1-p}\):
 * \[ \log p(x) = x\,\ell - \operatorname{softplus}(\ell) = x \log p + (1-x)\log(1-p). \]
 * Values are 0/1 in the parameters' floating-point type. Enumerable: support \(\{0, 1\}\).
 *
 * <p>Support: \(\{0, 1\}\); any other value (\(\pm\infty\) included) has log density \(-\infty\), and a
 * NaN value has NaN (errors under {@link dev.ppl.dist.Validation#strict()}; see
 * {@link Distribution#logDensity}).
 */
public final class Bernoulli implements Distribution<Var> {
    private final Var logits;
    private final Var probs;
    private final long[] batchShape;

    private Bernoulli(Var logits, Var probs) {
        this.logits = logits;
        this.probs = probs;
        this.batchShape = (logits != null ? logits : probs).shape();
    }

    /** Bernoulli with success probabilities {@code probs} in [0, 1]. */
    public static Bernoulli ofProbs(Var probs) {
        ParamChecks.probability("Bernoulli", "probs", probs);
        return new Bernoulli(null, probs);
    }

    /** Bernoulli with success log-odds {@code logits} (finite). */
    public static Bernoulli ofLogits(Var logits) {
        ParamChecks.finite("Bernoulli", "logits", logits);
        return new Bernoulli(logits, null);
    }

    /** The success probability \(p\) (computed from the logits if needed). */
    public Var probs() {
        return probs != null ? probs : logits.sigmoid();
    }

    /** The log-odds \(\log p - \log(1 - p)\) (computed from the probabilities if needed). */
    public Var logits() {
        return logits != null ? logits : probs.log().sub(probs.rsub(1.0).log());
    }

    @Override public String name() { return "Bernoulli"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean isEnumerable() { return true; }

    /**
     * Bernoulli\((p_{b(t)})\) for every element \(t\) of the new batch: the logits or the probabilities
     * (whichever parameterizes this one) broadcast to {@code target}, where \(b(t)\) is the batch element
     * that \(t\) broadcasts from (see {@link Distribution#expand}); this distribution itself if {@code
     * target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Bernoulli expand(long[] target) {
        if (Expansion.isSame("Bernoulli", batchShape, target)) {
            return this;
        }
        return logits != null ? ofLogits(logits.broadcastTo(target)) : ofProbs(probs.broadcastTo(target));
    }

    @Override
    public Var sample(Rng rng) {
        INDArray p = probs().value();
        INDArray u = rng.uniform(p.dataType(), batchShape);
        return Var.constant(u.lt(p).castTo(p.dataType()));
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Bernoulli", x, batchShape, new long[0]);
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, probsOrLogits().dtype(), x);
        }
        return logDensity(x, supportMask(x.value()), shape);
    }

    private Var probsOrLogits() {
        return logits != null ? logits : probs;
    }

    /** {@link #logDensity(Var)} given {@code x}'s {@link #supportMask} and the log density's shape. */
    private Var logDensity(Var x, INDArray in, long[] shape) {
        Var xs = in == null ? x : Support.safe(x, in, 0.0);
        Var lp;
        if (logits != null && xs.dtype() == logits.dtype() && java.util.Arrays.equals(xs.shape(), logits.shape())) {
            lp = Likelihoods.bernoulliLogits(xs, logits); // one fused op: x l - softplus(l)
        } else if (logits != null) {
            lp = xs.mul(logits).sub(logits.softplus());
        } else {
            // x log p + (1 - x) log(1 - p), with 0 log 0 = 0 at the boundaries
            Var logP = safeLog(probs, xs.value().gt(0.0));
            Var log1mP = safeLog(probs.rsub(1.0), xs.value().lt(1.0));
            lp = xs.mul(logP).add(xs.rsub(1.0).mul(log1mP));
        }
        if (in == null) {
            return lp.broadcastTo(shape);
        }
        return Support.restrict("Bernoulli", lp.broadcastTo(shape), Shapes.broadcastTo(in, shape), x);
    }

    /**
     * The total log density. With logits of the value's shape and every value in \(\{0, 1\}\) it is
     * one fused op ({@link Likelihoods#bernoulliLogitsSum}: BLAS sums, no per-pixel array);
     * otherwise {@code logDensity(x).sum()}.
     */
    @Override
    public Var logDensitySum(Var x) {
        long[] shape = ValueChecks.logDensityShape("Bernoulli", x, batchShape, new long[0]);
        if (ValueChecks.isEmpty(shape)) {
            return Var.scalar(0.0, probsOrLogits().dtype()).withProvenance(x.provenance());
        }
        INDArray in = supportMask(x.value());
        if (in == null && logits != null && x.dtype() == logits.dtype() && java.util.Arrays.equals(x.shape(), logits.shape())) {
            return Likelihoods.bernoulliLogitsSum(x, logits);
        }
        return logDensity(x, in, shape).sum();
    }

    /**
     * Null when every element of {@code x} is 0 or 1, else the mask of those that are. A dense
     * array is first tested in one read of its bits ({@link Var#allZeroOrOne}). Otherwise
     * (or if that test fails, e.g. on {@code -0.0}): \(x(1 - x)\) is exactly 0 for \(x \in \{0, 1\}\)
     * and non-zero or NaN for any other value, so one pass and one reduction decide the
     * all-in-support case; the mask is built only when some element is outside.
     */
    private static INDArray supportMask(INDArray xv) {
        if (Var.constant(xv).allZeroOrOne()) {
            return null;
        }
        INDArray off = xv.rsub(1.0).muli(xv);
        return Var.constant(off).absSum() != 0 ? off.eq(0.0) : null; // NaN != 0 too
    }

    /** \(\log q\) where {@code used}, and 0 (with no gradient) where the term's coefficient is 0. */
    private static Var safeLog(Var q, INDArray used) {
        INDArray u = Shapes.broadcastTo(used, Shapes.broadcast("Bernoulli", used.shape(), q.shape()));
        Var qb = q.broadcastTo(u.shape());
        Var qs = Var.where(u, qb, Var.constant(Nd4j.scalar(q.dtype(), 1.0)));
        return qs.log();
    }

    @Override
    public Var support() {
        long[] shape = new long[batchShape.length + 1];
        shape[0] = 2;
        System.arraycopy(batchShape, 0, shape, 1, batchShape.length);
        INDArray values = Nd4j.createFromArray(0.0, 1.0).castTo(probs().dtype());
        long[] col = new long[shape.length];
        java.util.Arrays.fill(col, 1);
        col[0] = 2;
        return Var.constant(Shapes.broadcastTo(values.reshape(col), shape));
    }

    @Override
    public Var mean() {
        return probs();
    }

    @Override
    public Var variance() {
        Var p = probs();
        return p.mul(p.rsub(1.0));
    }

}
