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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The binomial distribution: the number of successes in \(n\) independent trials with success
 * probability \(p\) (or logits \(\ell = \log\frac{p}{1-p}\)), on \(\{0, \dots, n\}\):
 * \[ \log p(k) = \log\Gamma(n+1) - \log\Gamma(k+1) - \log\Gamma(n-k+1) + k\log p + (n-k)\log(1-p), \]
 * with \(k\log p + (n-k)\log(1-p) = k\ell - n\operatorname{softplus}(\ell)\) in the logits form
 * (see e.g. Johnson, Kemp and Kotz, Univariate Discrete Distributions, 3rd ed., ch. 3).
 * Values are counts in the parameters' floating-point type.
 *
 * <p>Sampling sums Bernoulli draws along a new axis: it costs \(O(\max n)\) uniform draws per
 * batch element (time and, in chunks of about \(2^{22}\) numbers, memory), so it suits moderate
 * counts. Batch elements may have different \(n\) (trials beyond an element's own \(n\) are
 * masked out). Enumerable when \(n\) is the same for the whole batch: support \(\{0, \dots, n\}\).
 *
 * <p>Support: the integers \(0, \dots, n\); any other value (\(\pm\infty\) included) has log density \(-\infty\), and a
 * NaN value has NaN (errors under {@link dev.ppl.dist.Validation#strict()}; see
 * {@link Distribution#logDensity}).
 */
public final class Binomial implements Distribution<Var> {
    private static final long CHUNK = 1L << 22;
    private final Var totalCount;
    private final Var logits;
    private final Var probs;
    private final long[] batchShape;

    private Binomial(Var totalCount, Var logits, Var probs) {
        ParamChecks.count("Binomial", "totalCount", totalCount);
        this.batchShape = logits != null ? ParamChecks.broadcast("Binomial", "totalCount", totalCount, "logits", logits)
                : ParamChecks.broadcast("Binomial", "totalCount", totalCount, "probs", probs);
        this.totalCount = totalCount;
        this.logits = logits;
        this.probs = probs;
    }

    /** Binomial with non-negative integer {@code totalCount} and success probabilities in [0, 1] (broadcasting). */
    public static Binomial ofProbs(Var totalCount, Var probs) {
        ParamChecks.probability("Binomial", "probs", probs);
        return new Binomial(totalCount, null, probs);
    }

    /** Binomial with non-negative integer {@code totalCount} and finite success log-odds (broadcasting). */
    public static Binomial ofLogits(Var totalCount, Var logits) {
        ParamChecks.finite("Binomial", "logits", logits);
        return new Binomial(totalCount, logits, null);
    }

    /** The number of trials \(n\). */
    public Var totalCount() {
        return totalCount;
    }

    /** The success probability \(p\) (computed from the logits if needed). */
    public Var probs() {
        return probs != null ? probs : logits.sigmoid();
    }

    @Override public String name() { return "Binomial"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }

    /** Whether \(n\) is one value for the whole batch. */
    @Override
    public boolean isEnumerable() {
        INDArray n = totalCount.value();
        return n.length() > 0 && n.minNumber().doubleValue() == n.maxNumber().doubleValue();
    }

    /**
     * Binomial\((n_{b(t)}, p_{b(t)})\) for every element \(t\) of the new batch: {@code totalCount} and
     * the logits or the probabilities (whichever parameterizes this one) broadcast to {@code target},
     * where \(b(t)\) is the batch element that \(t\) broadcasts from (see {@link Distribution#expand});
     * this distribution itself if {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Binomial expand(long[] target) {
        if (Expansion.isSame("Binomial", batchShape, target)) {
            return this;
        }
        return logits != null ? ofLogits(totalCount.broadcastTo(target), logits.broadcastTo(target))
                : ofProbs(totalCount.broadcastTo(target), probs.broadcastTo(target));
    }

    @Override
    public Var sample(Rng rng) {
        long batch = 1;
        for (long d : batchShape) {
            batch *= d;
        }
        return sample(rng, Math.max(1, CHUNK / Math.max(1, batch)));
    }

    /** Draws with {@code chunk} trials per tensor op (package-private for tests). */
    Var sample(Rng rng, long chunk) {
        INDArray p = Shapes.broadcastTo(probs().value(), batchShape);
        INDArray n = Shapes.broadcastTo(totalCount.value(), batchShape);
        long nmax = p.length() == 0 ? 0 : (long) n.maxNumber().doubleValue();
        long[] one = prepend(1, batchShape);
        INDArray pRow = p.reshape(one), nRow = n.reshape(one);
        INDArray count = Nd4j.zeros(p.dataType(), batchShape);
        for (long start = 0, c = 0; start < nmax; start += chunk, c++) {
            long len = Math.min(chunk, nmax - start);
            long[] shape = prepend(len, batchShape);
            INDArray u = rng.fold(c).uniform(p.dataType(), shape);
            INDArray success = u.lt(Shapes.broadcastTo(pRow, shape));
            long[] col = new long[shape.length];
            Arrays.fill(col, 1);
            col[0] = len;
            INDArray trial = Nd4j.arange(start, start + len).castTo(p.dataType()).reshape(col);
            INDArray live = Shapes.broadcastTo(trial, shape).lt(Shapes.broadcastTo(nRow, shape));
            count.addi(success.castTo(p.dataType()).muli(live.castTo(p.dataType())).sum(0).reshape(batchShape));
        }
        return Var.constant(count);
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Binomial", x, batchShape, new long[0]);
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, totalCount.dtype(), x);
        }
        INDArray xv = Shapes.broadcastTo(x.value(), shape);
        INDArray nv = Shapes.broadcastTo(totalCount.value(), shape).castTo(xv.dataType());
        INDArray in = xv.gte(0.0).castTo(xv.dataType()).muli(nv.sub(xv).gte(0.0).castTo(xv.dataType()))
                .muli(xv.eq(Transforms.floor(xv, true)).castTo(xv.dataType())).gt(0.0);
        Var k = Support.safe(x.broadcastTo(shape), in, 0.0);
        Var n = totalCount;
        Var nMinusK = n.sub(k);
        Var lp = n.add(1.0).lgamma().sub(k.add(1.0).lgamma()).sub(nMinusK.add(1.0).lgamma());
        if (logits != null) {
            lp = lp.add(k.mul(logits)).sub(n.mul(logits.softplus()));
        } else {
            // k log p + (n - k) log(1 - p), with 0 log 0 = 0 where a coefficient is zero
            lp = lp.add(k.mul(safeLog(probs, k.value().gt(0.0), false)))
                    .add(nMinusK.mul(safeLog(probs, nMinusK.value().gt(0.0), true)));
        }
        return Support.restrict("Binomial", lp.broadcastTo(shape), in, x);
    }

    /** \(\log q\) (or \(\log(1-q)\)) where {@code used}, and 0 with no gradient elsewhere. */
    private static Var safeLog(Var q, INDArray used, boolean complement) {
        long[] shape = Shapes.broadcast("Binomial", used.shape(), q.shape());
        INDArray u = Shapes.broadcastTo(used, shape);
        Var qs = Var.where(u, q.broadcastTo(shape), Var.scalar(complement ? 0.0 : 1.0, q.dtype()));
        return complement ? qs.neg().log1p() : qs.log();
    }

    @Override
    public Var support() {
        if (!isEnumerable()) {
            throw new IllegalStateException("Binomial: enumeration needs one totalCount for the whole batch, got values "
                    + "from " + totalCount.value().minNumber() + " to " + totalCount.value().maxNumber());
        }
        int n = (int) totalCount.value().getDouble(0);
        long[] shape = prepend(n + 1, batchShape);
        long[] col = new long[shape.length];
        Arrays.fill(col, 1);
        col[0] = n + 1;
        INDArray values = Nd4j.arange(0, n + 1).castTo(totalCount.dtype()).reshape(col);
        return Var.constant(Shapes.broadcastTo(values, shape).dup());
    }

    /** \(np\). */
    @Override
    public Var mean() {
        return totalCount.mul(probs()).broadcastTo(batchShape);
    }

    /** \(np(1-p)\). */
    @Override
    public Var variance() {
        Var p = probs();
        return totalCount.mul(p).mul(p.rsub(1.0)).broadcastTo(batchShape);
    }

    private static long[] prepend(long first, long[] rest) {
        long[] out = new long[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
