package dev.ppl.dist.discrete;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Expansion;
import dev.ppl.dist.ParamChecks;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Support;
import dev.ppl.dist.ValueChecks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The geometric distribution of the number of failures before the first success in independent
 * trials with success probability \(p \in (0, 1]\), on \(\{0, 1, 2, \dots\}\):
 * \[ \log p(k) = k\log(1-p) + \log p, \]
 * with mean \((1-p)/p\) and variance \((1-p)/p^2\) (Johnson, Kemp and Kotz, Univariate Discrete
 * Distributions, 3rd ed., section 5.2; the convention of Commons Math's
 * {@code GeometricDistribution}). Sampling inverts the survival function
 * \(P(X \ge k) = (1-p)^k\): \(x = \lfloor \log u / \log(1-p) \rfloor\), \(u \sim U(0, 1)\).
 * Values are counts in the parameters' floating-point type.
 *
 * <p>Support: the integers \(0, 1, 2, \dots\); any other value (\(\pm\infty\) included) has log density \(-\infty\), and a
 * NaN value has NaN (errors under {@link dev.ppl.dist.Validation#strict()}; see
 * {@link Distribution#logDensity}).
 */
public final class Geometric implements Distribution<Var> {
    private final Var probs;
    private final long[] batchShape;

    private Geometric(Var probs) {
        this.probs = probs;
        this.batchShape = probs.shape();
    }

    /** Geometric with success probabilities {@code probs} in (0, 1]. */
    public static Geometric ofProbs(Var probs) {
        ParamChecks.probability("Geometric", "probs", probs);
        ParamChecks.positive("Geometric", "probs", probs);
        return new Geometric(probs);
    }

    /** The success probability \(p\). */
    public Var probs() {
        return probs;
    }

    @Override public String name() { return "Geometric"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }

    /**
     * Geometric\((p_{b(t)})\) for every element \(t\) of the new batch: {@code probs} broadcast to {@code
     * target}, where \(b(t)\) is the batch element that \(t\) broadcasts from (see {@link
     * Distribution#expand}); this distribution itself if {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Geometric expand(long[] target) {
        if (Expansion.isSame("Geometric", batchShape, target)) {
            return this;
        }
        return ofProbs(probs.broadcastTo(target));
    }

    @Override
    public Var sample(Rng rng) {
        INDArray p = probs.value();
        INDArray logU = Transforms.log(rng.uniform(p.dataType(), batchShape), false);
        INDArray log1mP = Transforms.log1p(p.neg(), false); // -inf at p = 1: (log u < 0) / -inf = +0
        return Var.constant(Transforms.floor(logU.divi(log1mP), false));
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Geometric", x, batchShape, new long[0]);
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, probs.dtype(), x);
        }
        INDArray xv = Shapes.broadcastTo(x.value(), shape);
        INDArray in = xv.gte(0.0).castTo(xv.dataType())
                .muli(xv.eq(Transforms.floor(xv, true)).castTo(xv.dataType()))
                .muli(xv.lt(Double.POSITIVE_INFINITY).castTo(xv.dataType())).gt(0.0);
        Var k = Support.safe(x.broadcastTo(shape), in, 0.0);
        // k log(1 - p): log1p(-p) only where k > 0, so p = 1 with k = 0 gives 0 rather than 0 * -inf
        INDArray used = k.value().gt(0.0);
        Var q = Var.where(used, probs.broadcastTo(shape), Var.scalar(0.0, probs.dtype()));
        Var lp = k.mul(q.neg().log1p()).add(probs.log());
        return Support.restrict("Geometric", lp.broadcastTo(shape), in, x);
    }

    /** \((1-p)/p\). */
    @Override
    public Var mean() {
        return probs.rsub(1.0).div(probs);
    }

    /** \((1-p)/p^2\). */
    @Override
    public Var variance() {
        return probs.rsub(1.0).div(probs.square());
    }
}
