package dev.ppl.autodiff;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The result of {@link Grad#gradAsVars}: \(\partial y / \partial v\) for each requested node
 * \(v\), keyed by node identity, as {@link Var}s that belong to the graph, so they can be
 * combined with other ops and differentiated again. A requested node that the output does not
 * depend on has the constant gradient 0.
 */
public final class VarGradients {
    private final Map<Var, Var> byVar;

    VarGradients(Map<Var, Var> byVar) {
        this.byVar = Collections.unmodifiableMap(new IdentityHashMap<>(byVar));
    }

    /** The gradient for {@code v}, of {@code v}'s shape; a constant 0 if the output does not depend on it. */
    public Var get(Var v) {
        Var g = byVar.get(v);
        return g != null ? g : Var.constant(Nd4j.zeros(v.dtype(), v.shape()));
    }

    /** Whether some path from the output reaches {@code v}. */
    public boolean reaches(Var v) {
        return byVar.containsKey(v);
    }
}
