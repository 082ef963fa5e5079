package dev.ppl.vi.approx;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.core.dynamic.DynamicTrace;
import java.util.Map;

/** Sums of the log densities of a dynamic trace's selected choices. */
final class SiteDensities {
    private SiteDensities() {}

    /**
     * \(\sum_{a \in \text{selection}} \log p_a(\tau_a \mid \tau_{<a})\) over the trace's choices (and
     * those of its calls), a differentiable scalar; {@code null} if none is selected.
     */
    static Var selected(Trace<?, ?> trace, Selection selection, String owner) {
        return selected(trace, selection, null, owner);
    }

    private static Var selected(Trace<?, ?> trace, Selection selection, Address prefix, String owner) {
        if (!(trace instanceof DynamicTrace<?, ?> t)) {
            throw new IllegalArgumentException(owner + ": needs the trace of a dynamic function (Gen.fn or Plate.of) at '"
                    + (prefix == null ? "(root)" : prefix) + "', got " + trace.getClass().getSimpleName());
        }
        Var total = null;
        for (Map.Entry<Address, DynamicTrace.Site> e : t.sites().entrySet()) {
            Address a = prefix == null ? e.getKey() : prefix.then(e.getKey());
            DynamicTrace.Site s = e.getValue();
            Var part = s.isChoice() ? (selection.contains(a) ? s.logDensity() : null) : selected(s.sub(), selection, a, owner);
            if (part != null) {
                total = total == null ? part : total.add(part.cast(total.dtype()));
            }
        }
        return total;
    }

    /** \(\log \frac1K \sum_k e^{v_k}\), elementwise over the operands' common shape. */
    static Var logMeanExp(Var[] v) {
        return Var.logMeanExp(v);
    }

    /** {@code child} below {@code namespace} (null: at the root). */
    static String under(String namespace, String child) {
        return namespace == null ? child : namespace + "/" + child;
    }
}
