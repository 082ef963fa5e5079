package dev.ppl.dist.discrete;

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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The point mass (Dirac delta) at {@code value}, a tensor of any shape whose last
 * {@code eventRank} axes form one event and whose leading axes are the batch:
 * \[ \log p(x) = \begin{cases} 0 &amp; x = v \text{ (every element of the event, exactly)} \\
 * -\infty &amp; \text{otherwise.} \end{cases} \]
 * The log density is taken with respect to counting measure, as for the discrete families
 * (compare Pyro's {@code Delta}, Bingham et al., JMLR 2019). Reparameterized: the draw is
 * \(v\) itself, with its gradient, and the noise is an empty array. Enumerable, with the single
 * support value \(v\). Mean \(v\), variance 0.
 *
 * <p>Support: \(v\) alone; any other value (\(\pm\infty\) included) has log density \(-\infty\),
 * and an event holding a NaN has NaN (errors under {@link dev.ppl.dist.Validation#strict()}; see
 * {@link Distribution#logDensity}). The value's event axes may broadcast to the event shape
 * (a scalar against every coordinate) but not enlarge it.
 */
public final class Delta implements Distribution<Var> {
    private final Var value;
    private final long[] batchShape;
    private final long[] eventShape;

    private Delta(Var value, int eventRank) {
        this.value = value;
        long[] shape = value.shape();
        this.batchShape = Arrays.copyOf(shape, shape.length - eventRank);
        this.eventShape = Arrays.copyOfRange(shape, shape.length - eventRank, shape.length);
    }

    /** The point mass at {@code value}, a batch of scalar events (event rank 0). */
    public static Delta of(Var value) {
        return of(value, 0);
    }

    /** The point mass at {@code value} (finite), whose last {@code eventRank} axes form one event. */
    public static Delta of(Var value, int eventRank) {
        ParamChecks.finite("Delta", "value", value);
        if (eventRank < 0 || eventRank > value.rank()) {
            throw new IllegalArgumentException("Delta: event rank " + eventRank + " must lie in [0, " + value.rank()
                    + "] for a value of shape " + Shapes.str(value.shape()));
        }
        return new Delta(value, eventRank);
    }

    /** The location \(v\). */
    public Var value() {
        return value;
    }

    @Override public String name() { return "Delta"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return eventShape.clone(); }
    @Override public boolean hasReparam() { return true; }
    @Override public boolean isEnumerable() { return true; }

    /**
     * The point mass at \(v_{b(t)}\) for every element \(t\) of the new batch: {@code value} broadcast to
     * {@code target ++ eventShape} (the same event rank), where \(b(t)\) is the batch element that \(t\)
     * broadcasts from (see {@link Distribution#expand}); this distribution itself if {@code target} is its
     * batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public Delta expand(long[] target) {
        if (Expansion.isSame("Delta", batchShape, target)) {
            return this;
        }
        return of(Expansion.param(value, target, eventShape), eventShape.length);
    }

    @Override
    public Var sample(Rng rng) {
        return value.stopGradient();
    }

    /** The draw \(v\), with its gradient; the noise is an empty array (there is no randomness). */
    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        return new ReparamSample<>(value, Nd4j.empty(value.dtype()));
    }

    @Override
    public Var reparam(INDArray noise) {
        return value;
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Delta", x, batchShape, eventShape);
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, value.dtype(), x);
        }
        int r = eventShape.length;
        long[] full = Expansion.concat(shape, eventShape);
        INDArray equal = Shapes.broadcastTo(x.value().castTo(value.dtype()), full)
                .eq(Shapes.broadcastTo(value.value(), full)).castTo(DataType.DOUBLE);
        INDArray in = (r == 0 ? equal : equal.min(eventAxes(full.length, r))).reshape(shape).gt(0.5);
        // zero with no gradient path: the density is constant on the support
        Var zero = Var.constant(Nd4j.zeros(value.dtype(), shape));
        return Support.restrict("Delta", zero, in, x, r);
    }

    private static int[] eventAxes(int rank, int r) {
        int[] axes = new int[r];
        for (int i = 0; i < r; i++) {
            axes[i] = rank - r + i;
        }
        return axes;
    }

    /** The single support value \(v\) along a new leading axis of size 1. */
    @Override
    public Var support() {
        return value.stopGradient().expandDims(0);
    }

    @Override
    public Var mean() {
        return value;
    }

    @Override
    public Var variance() {
        return Var.constant(Nd4j.zeros(value.dtype(), value.shape()));
    }
}
