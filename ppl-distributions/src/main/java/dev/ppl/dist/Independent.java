package dev.ppl.dist;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A distribution whose rightmost {@code k} batch dims are moved into the event: with base batch
 * shape \(B = B' \mathbin{+\!\!+} R\) (\(|R| = k\)) and event shape \(E\), the result has batch shape \(B'\)
 * and event shape \(R \mathbin{+\!\!+} E\), and the independent coordinates over \(R\) form one value:
 * \[ \log p(x) = \sum_{r \in R} \log p_{\text{base}}(x_r). \]
 * Values, draws and reparameterization are the base's (the same tensor, read with a different
 * batch/event split). This is how a vector of independent coordinates becomes <em>one</em> random
 * choice (the 20 latent dims of a VAE's {@code z}, the pixels of an image): one log density per
 * batch element, one score term, joint enumeration over the product support.
 *
 * <p>Enumeration: the support is the product of the base's supports over the \(R\) coordinates,
 * \(K^{|R|}\) values (at most {@link #MAX_JOINT_SUPPORT}, else an error names the shapes and the
 * size). The base's support must be the same for every batch element (Bernoulli, Categorical).
 */
public final class Independent implements Distribution<Var> {
    /** The largest product support {@link #support} enumerates. */
    public static final long MAX_JOINT_SUPPORT = 4096;

    private final Distribution<Var> base;
    private final int k;

    private Independent(Distribution<Var> base, int k) {
        this.base = base;
        this.k = k;
    }

    /**
     * {@code base} with its rightmost {@code k} batch dims moved into the event.
     *
     * @throws IllegalArgumentException if {@code base} is null, or {@code k} is negative or exceeds
     *     the base's batch rank
     */
    public static Distribution<Var> of(Distribution<Var> base, int k) {
        if (base == null) {
            throw new IllegalArgumentException("Independent.of: the base distribution is null (toEvent(" + k + ") of nothing)");
        }
        long[] batch = base.batchShape();
        if (k < 0 || k > batch.length) {
            throw new IllegalArgumentException("toEvent(" + k + ") of " + base.name() + " with batch shape "
                    + Shapes.str(batch) + ": need 0 <= k <= " + batch.length + " (the batch rank)");
        }
        if (k == 0) {
            return base;
        }
        if (base instanceof Independent inner) {
            return new Independent(inner.base, inner.k + k);
        }
        return new Independent(base, k);
    }

    /** The wrapped distribution. */
    public Distribution<Var> base() { return base; }

    /** The number of the base's batch dims moved into the event. */
    public int movedDims() { return k; }

    @Override public String name() { return base.name() + ".toEvent(" + k + ")"; }
    @Override public Var sample(Rng rng) { return base.sample(rng); }
    @Override public boolean hasReparam() { return base.hasReparam(); }
    @Override public ReparamSample<Var> reparamSample(Rng rng) { return base.reparamSample(rng); }
    @Override public Var reparam(INDArray noise) { return base.reparam(noise); }
    @Override public boolean isEnumerable() { return base.isEnumerable(); }
    @Override public Var mean() { return base.mean(); }
    @Override public Var variance() { return base.variance(); }

    /**
     * This distribution with batch shape {@code target}: with moved dims \(R\), the base expanded
     * to {@code target ++ R} ({@link Distribution#expand}) and the same \(|R|\) dims moved into the
     * event again, so \(\log p(x) = \sum_{r \in R} \log p_{\text{base}}(x_r)\) per element of
     * {@code target}. This distribution itself if {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming this distribution and both shapes if {@code target}
     *     is not a broadcast of the batch shape
     */
    @Override
    public Distribution<Var> expand(long[] target) {
        if (Expansion.isSame(name(), batchShape(), target)) {
            return this;
        }
        long[] full = base.batchShape();
        long[] moved = Arrays.copyOfRange(full, full.length - k, full.length);
        return of(base.expand(Expansion.concat(target, moved)), k);
    }

    @Override
    public long[] batchShape() {
        long[] b = base.batchShape();
        return Arrays.copyOf(b, b.length - k);
    }

    @Override
    public long[] eventShape() {
        long[] b = base.batchShape();
        long[] e = base.eventShape();
        long[] out = new long[k + e.length];
        System.arraycopy(b, b.length - k, out, 0, k);
        System.arraycopy(e, 0, out, k, e.length);
        return out;
    }

    /**
     * The sum of the base's log densities over the moved dims. The value is checked against this
     * distribution's shapes first ({@link ValueChecks}): its moved dims may not enlarge the
     * event (a value with 5 coordinates is no draw of an event of 1). Bad values otherwise behave as
     * the base's (\(-\infty\) outside the support, NaN for an event holding a NaN), and an empty
     * value has an empty log density.
     */
    @Override
    public Var logDensity(Var value) {
        long[] shape = ValueChecks.logDensityShape(name(), value, batchShape(), eventShape());
        Var lp = base.logDensity(value);
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, lp.dtype(), value);
        }
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) {
            axes[i] = lp.rank() - k + i;
        }
        return lp.sum(false, axes);
    }

    @Override
    public Var logDensitySum(Var value) {
        ValueChecks.logDensityShape(name(), value, batchShape(), eventShape());
        return base.logDensitySum(value);
    }

    /**
     * The product support along a new leading axis: shape {@code [K^n] ++ batchShape ++ eventShape}
     * with \(n\) the number of coordinates in the moved dims; value \(j\) has coordinate \(r\) (in
     * row-major order) at the base's support value \(\lfloor j / K^{n-1-r} \rfloor \bmod K\).
     */
    @Override
    public Var support() {
        Var s = base.support();
        long kk = s.shape()[0];
        long[] full = base.batchShape();
        long[] outer = batchShape();
        long n = 1;
        for (int i = outer.length; i < full.length; i++) {
            n *= full[i];
        }
        double size = Math.pow(kk, n);
        if (size > MAX_JOINT_SUPPORT) {
            throw new IllegalArgumentException(name() + ": the joint support of " + n + " coordinates (dims "
                    + Shapes.str(Arrays.copyOfRange(full, outer.length, full.length)) + ") with " + kk + " values each has "
                    + (size > 1e15 ? String.format("%.3g", size) : Long.toString((long) size))
                    + " values, more than the cap of " + MAX_JOINT_SUPPORT + "; use REINFORCE or MVD for this choice");
        }
        INDArray sv = s.value();
        long[] valueShape = Arrays.copyOfRange(sv.shape(), 1, sv.rank());
        long outerCount = 1;
        for (long d : outer) {
            outerCount *= d;
        }
        long eventInner = 1;
        for (long d : base.eventShape()) {
            eventInner *= d;
        }
        long total = (long) size;
        // sv as [K, outerCount, n, eventInner]; the base's support must not vary over batch elements
        INDArray flat = sv.reshape('c', kk, outerCount, n, eventInner);
        INDArray out = Nd4j.create(sv.dataType(), total, outerCount, n, eventInner);
        for (long j = 0; j < total; j++) {
            long rest = j;
            for (long r = n - 1; r >= 0; r--) {
                long v = rest % kk;
                rest /= kk;
                for (long o = 0; o < outerCount; o++) {
                    for (long e = 0; e < eventInner; e++) {
                        out.putScalar(new long[] {j, o, r, e}, flat.getDouble(v, o, r, e));
                    }
                }
            }
        }
        long[] shape = new long[valueShape.length + 1];
        shape[0] = total;
        System.arraycopy(valueShape, 0, shape, 1, valueShape.length);
        return Var.constant(out.reshape('c', shape));
    }
}
