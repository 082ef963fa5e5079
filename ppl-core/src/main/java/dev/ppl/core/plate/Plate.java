package dev.ppl.core.plate;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.Trace;
import dev.ppl.core.dynamic.DynamicFunction;
import dev.ppl.core.dynamic.DynamicTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A generative function whose whole body runs inside one declared plate
 * ({@link dev.ppl.core.GenContext#plate}) named after it: every choice has {@code n} conditionally
 * independent entries along the batch dim the plate owns (dim {@code -1} when the function is
 * not called inside another plate), with a likelihood scale for data subsampling: for a
 * minibatch of \(m\) out of \(N\) data points use {@code scale = N/m}, so
 * \(\text{scale} \sum_{i \in \text{batch}} \log p_i\) is an unbiased estimate of the full-data
 * \(\sum_{i=1}^N \log p_i\).
 *
 * <p>{@link #elementScores} gives the per-element score
 * \(s_i = \text{scale} \sum_{\text{sites}} \log p(\tau_{a,i})\), shape {@code [n]}, whose sum is the
 * trace's score. Dims of one value (a latent vector, an image's pixels) belong in the event:
 * {@code dist.toEvent(1)}.
 */
public final class Plate {
    private Plate() {}

    /** A plate of {@code n} elements with scale 1. */
    public static <A, R> DynamicFunction<A, R> of(String name, long n, DynamicFunction.Body<A, R> body) {
        return of(name, n, 1.0, List.of(), body);
    }

    /** A plate of {@code n} elements whose log densities are multiplied by {@code scale}. */
    public static <A, R> DynamicFunction<A, R> of(String name, long n, double scale, List<Var> params,
            DynamicFunction.Body<A, R> body) {
        if (n <= 0 || !(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("Plate '" + name + "': need n > 0 and a finite scale > 0, got n=" + n
                    + ", scale=" + scale);
        }
        return new DynamicFunction<>(name, params, (ctx, args) -> ctx.plate(name, n, scale, () -> body.apply(ctx, args)));
    }

    /**
     * Per-element log densities {@code lp} (a batch shape) summed over every dim but plate
     * {@code f}'s: all of them when {@code window < 0} (giving shape {@code [n]}); with an
     * enumeration window \(W \ge 0\), only the other dims inside it (kept as size 1), so the
     * enumeration dims left of it stay in place.
     */
    private static Var perElement(Var lp, Frame f, int window) {
        int keep = lp.rank() + f.dim();
        if (window >= 0) {
            Var out = lp;
            for (int pos = -1; pos >= -window; pos--) {
                int axis = lp.rank() + pos;
                if (pos != f.dim() && axis >= 0 && out.shape()[axis] != 1) {
                    out = out.sum(true, axis);
                }
            }
            return out;
        }
        int[] rest = new int[lp.rank() - 1];
        for (int i = 0, j = 0; i < lp.rank(); i++) {
            if (i != keep) {
                rest[j++] = i;
            }
        }
        return rest.length == 0 ? lp : lp.sum(false, rest);
    }

    /**
     * The plate every choice of {@code trace} was made in: the innermost plate common to all its
     * choices (a plate function's own plate, also when it runs inside an outer plate).
     *
     * @throws IllegalArgumentException if the trace is not a dynamic trace, has a call or no
     *         choices, or has a choice outside that plate
     */
    public static Frame frame(Trace<?, ?> trace) {
        if (trace instanceof PlateTrace p) {
            return p.plate();
        }
        if (!(trace instanceof DynamicTrace<?, ?> t)) {
            throw new IllegalArgumentException("elementScores: not a plate trace: " + trace.getClass().getSimpleName());
        }
        List<Frame> common = null;
        for (Map.Entry<Address, DynamicTrace.Site> e : t.sites().entrySet()) {
            DynamicTrace.Site s = e.getValue();
            if (!s.isChoice()) {
                throw new IllegalArgumentException("elementScores: site '" + e.getKey() + "' is a call; "
                        + "per-element scores are defined for plates of choices only");
            }
            if (s.frames().isEmpty()) {
                throw new IllegalArgumentException("elementScores: the choice at '" + e.getKey() + "' was made outside every "
                        + "plate; per-element scores need every choice inside one plate");
            }
            if (common == null) {
                common = new ArrayList<>(s.frames());
            } else {
                common.retainAll(s.frames());
                if (common.isEmpty()) {
                    throw new IllegalArgumentException("elementScores: the choice at '" + e.getKey() + "' (plates "
                            + s.frames() + ") shares no plate with the choices before it");
                }
            }
        }
        Frame plate = common == null ? null : common.get(common.size() - 1);
        if (plate == null) {
            throw new IllegalArgumentException("elementScores: the trace has no choices");
        }
        return plate;
    }

    /**
     * The per-element scores \(s_i\) (shape {@code [n]}) of the plate every choice of {@code trace}
     * was made in (the outermost frame of its first choice): each choice's per-element log
     * densities (already scaled) summed over every batch dim but the plate's.
     *
     * @throws IllegalArgumentException if the trace is not a dynamic trace, has no choices, or has a
     *         choice outside that plate (its per-element score would be undefined)
     */
    public static Var elementScores(Trace<?, ?> trace) {
        if (trace instanceof PlateTrace p) {
            return p.elementScores();
        }
        return elementScores(trace, a -> true);
    }

    /**
     * As {@link #elementScores(Trace)} over the choices in {@code selection} only (none selected:
     * zeros of the plate's size).
     */
    public static Var elementScores(Trace<?, ?> trace, dev.ppl.core.Selection selection) {
        Frame f = frame(trace);
        Var total = null;
        for (Map.Entry<Address, DynamicTrace.Site> e : ((DynamicTrace<?, ?>) trace).sites().entrySet()) {
            if (!selection.contains(e.getKey())) {
                continue;
            }
            DynamicTrace.Site s = e.getValue();
            Var lp = s.elementLogDensity();
            Var perElement = perElement(lp, f, s.plateWindow());
            total = total == null ? perElement : total.add(perElement.cast(total.dtype()));
        }
        if (total == null) {
            return Var.constant(org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, f.size()));
        }
        return total;
    }
}
