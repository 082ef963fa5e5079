package dev.ppl.dist;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A distribution whose log density counts only where a constant mask \(m \in \{0, 1\}\) is 1, as
 * Pyro's {@code mask}:
 * \[ \log p_m(x)_b = \begin{cases} \log p(x)_b & m_b = 1 \\ 0 & m_b = 0 \end{cases} \]
 * per batch element \(b\) (the mask broadcasts to the batch shape). Draws and
 * reparameterization are the base's. It is not a normalized distribution where \(m = 0\): it is the
 * way to say that a choice does not exist for those elements (the attributes of an absent object
 * in Attend-Infer-Repeat), so that neither the model's nor the guide's density counts it. Used in
 * both with the same mask, the masked coordinates cancel out of every objective; their values
 * must then not influence anything the objective scores.
 *
 * <p>The masked entries use {@code where}, not a product, so a \(-\infty\) or NaN density there
 * becomes 0. Their gradient is 0 times the base's local derivative: 0 where that is finite, NaN
 * where it is infinite (a Bernoulli of probability 0 at 1), as with PyTorch's {@code where}; keep
 * masked-out parameters inside their domain. A masked choice cannot be enumerated (its masked-out
 * values would each get weight 1) and so has no support.
 */
public final class Masked implements Distribution<Var> {
    private final Distribution<Var> base;
    private final INDArray mask;

    private Masked(Distribution<Var> base, INDArray mask) {
        this.base = base;
        this.mask = mask;
    }

    /**
     * {@code base} masked by {@code mask}, a boolean array or a numeric one holding only 0 and 1,
     * whose shape broadcasts to the base's batch shape (the result keeps that batch shape).
     *
     * @throws IllegalArgumentException naming the base and both shapes if the mask does not
     *     broadcast to the batch shape, or the offending value if it holds other numbers
     */
    public static Masked of(Distribution<Var> base, INDArray mask) {
        ParamChecks.notNull("Masked", "base", base);
        ParamChecks.notNull("Masked(" + base.name() + ")", "mask", mask);
        long[] batch = base.batchShape();
        long[] broadcast;
        try {
            broadcast = Shapes.broadcast("mask", mask.shape(), batch);
        } catch (IllegalArgumentException e) {
            broadcast = null;
        }
        if (broadcast == null || !Arrays.equals(broadcast, batch)) {
            throw new IllegalArgumentException(base.name() + ".mask: the mask of shape " + Shapes.str(mask.shape())
                    + " does not broadcast to the batch shape " + Shapes.str(batch));
        }
        INDArray m = mask.dataType() == DataType.BOOL ? mask : mask.castTo(DataType.DOUBLE);
        if (mask.dataType() != DataType.BOOL) {
            for (long i = 0; i < m.length(); i++) {
                double v = m.getDouble(i);
                if (v != 0.0 && v != 1.0) {
                    throw new IllegalArgumentException(base.name() + ".mask: the mask holds " + v + " at flat index " + i
                            + " of shape " + Shapes.str(mask.shape()) + "; only 0 and 1 (or booleans) are allowed");
                }
            }
        }
        return new Masked(base, m.castTo(DataType.BOOL));
    }

    /** The distribution whose density is masked. */
    public Distribution<Var> base() { return base; }

    /** The mask (boolean, broadcastable to the batch shape). */
    public INDArray mask() { return mask; }

    @Override public String name() { return base.name() + ".mask"; }
    @Override public Var sample(Rng rng) { return base.sample(rng); }
    @Override public boolean hasReparam() { return base.hasReparam(); }
    @Override public ReparamSample<Var> reparamSample(Rng rng) { return base.reparamSample(rng); }
    @Override public Var reparam(INDArray noise) { return base.reparam(noise); }
    @Override public boolean isEnumerable() { return false; }
    @Override public Var mean() { return base.mean(); }
    @Override public Var variance() { return base.variance(); }
    @Override public long[] batchShape() { return base.batchShape(); }
    @Override public long[] eventShape() { return base.eventShape(); }

    @Override
    public Var support() {
        throw new IllegalStateException(name() + ": a masked choice cannot be enumerated (each masked-out value would get "
                + "weight 1); enumerate the unmasked distribution or use another strategy");
    }

    /** The base's log density where the mask is 1, 0 elsewhere (the shape of the base's log density). */
    @Override
    public Var logDensity(Var value) {
        Var lp = base.logDensity(value);
        if (lp.length() == 0) {
            return lp;
        }
        return Var.where(mask, lp, Var.scalar(0.0, lp.dtype()));
    }

    @Override
    public Var logDensitySum(Var value) {
        return ValueChecks.sum(logDensity(value));
    }

    /** The base expanded to {@code target} with the same mask (it broadcasts to any broadcast of the batch shape). */
    @Override
    public Distribution<Var> expand(long[] target) {
        if (Expansion.isSame(name(), batchShape(), target)) {
            return this;
        }
        return new Masked(base.expand(target), mask);
    }
}
