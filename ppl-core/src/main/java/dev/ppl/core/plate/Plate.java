package dev.ppl.core.plate;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.Trace;
import dev.ppl.core.dynamic.DynamicFunction;
import dev.ppl.core.dynamic.DynamicTrace;
import java.util.List;
import java.util.Map;

/**
 * A vectorized plate: a generative function whose body is written over a leading batch axis of
 * size {@code n} (one address per site, each site a batch of {@code n} independent elements),
 * with a likelihood scale for data subsampling. Inside the plate every site's log density is
 * multiplied by {@code scale}: for a minibatch of {@code m} out of {@code N} data points use
 * {@code scale = N/m}, so \(\text{scale} \sum_{i \in \text{batch}} \log p_i\) is an unbiased
 * estimate of the full-data \(\sum_{i=1}^N \log p_i\).
 *
 * <p>Every site's distribution must have batch shape starting with {@code n} (an error names the
 * address and the shapes otherwise). {@link #elementScores} gives the per-element score
 * \(s_i = \text{scale} \sum_{\text{sites}} \log p(\tau_{a,i})\), shape {@code [n]}, whose sum is the
 * trace's score. Calls inside the body are not scaled unless the callee is a plate itself.
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
        return new DynamicFunction<>(name, params, (ctx, args) -> body.apply(new PlateContext(name, ctx, n, scale), args));
    }

    /**
     * The per-element scores \(s_i\) (shape {@code [n]}) of a plate's trace: each choice's
     * per-element log densities (already scaled) summed over all axes but the first.
     */
    public static Var elementScores(Trace<?, ?> trace) {
        if (!(trace instanceof DynamicTrace<?, ?> t)) {
            throw new IllegalArgumentException("elementScores: not a plate trace: " + trace.getClass().getSimpleName());
        }
        Var total = null;
        for (Map.Entry<Address, DynamicTrace.Site> e : t.sites().entrySet()) {
            DynamicTrace.Site s = e.getValue();
            if (!s.isChoice()) {
                throw new IllegalArgumentException("elementScores: site '" + e.getKey() + "' is a call; "
                        + "per-element scores are defined for plates of choices only");
            }
            Var lp = s.elementLogDensity();
            int[] rest = new int[lp.rank() - 1];
            for (int i = 0; i < rest.length; i++) {
                rest[i] = i + 1;
            }
            Var perElement = rest.length == 0 ? lp : lp.sum(false, rest);
            total = total == null ? perElement : total.add(perElement.cast(total.dtype()));
        }
        if (total == null) {
            throw new IllegalArgumentException("elementScores: the trace has no choices");
        }
        return total;
    }
}
