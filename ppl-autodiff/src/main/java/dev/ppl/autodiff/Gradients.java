package dev.ppl.autodiff;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The result of {@link Grad#grad}: \(\partial y / \partial v\) for each requested node \(v\),
 * keyed by node identity. A requested node that the output does not depend on has gradient 0.
 */
public final class Gradients {
    private final Map<Var, INDArray> byVar;

    Gradients(Map<Var, INDArray> byVar) {
        this.byVar = Collections.unmodifiableMap(new IdentityHashMap<>(byVar));
    }

    /** The gradient for {@code v}, of {@code v}'s shape; zeros if the output does not depend on it. */
    public INDArray get(Var v) {
        INDArray g = byVar.get(v);
        return g != null ? g : Nd4j.zeros(v.dtype(), v.shape());
    }

    /** Whether some path from the output reaches {@code v}. */
    public boolean reaches(Var v) {
        return byVar.containsKey(v);
    }
}
