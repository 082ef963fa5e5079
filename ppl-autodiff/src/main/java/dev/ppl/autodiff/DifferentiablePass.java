package dev.ppl.autodiff;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse pass of {@link Grad#gradAsVars}: the same algorithm as {@link Grad}'s (the same
 * relevant nodes in the same reverse creation order), but each node's gradient is a {@link Var}
 * and each local rule is applied in its {@link DifferentiableBackward} form, so the pass records
 * the graph of the gradients as it goes. Package-private plumbing; the first-order pass does not
 * go through here.
 */
final class DifferentiablePass {
    private DifferentiablePass() {}

    static Map<Var, Var> run(Var output, Var seed, Collection<Var> wrt) {
        Set<Var> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        targets.addAll(wrt);
        List<Var> order = Grad.relevantNodes(output, targets, new IdentityHashMap<>());
        Set<Var> relevant = Collections.newSetFromMap(new IdentityHashMap<>());
        relevant.addAll(order);
        Map<Var, Var> grads = new IdentityHashMap<>();
        if (!order.isEmpty()) {
            grads.put(output, seed);
        }
        for (Var node : order) {
            Var g = targets.contains(node) ? grads.get(node) : grads.remove(node);
            if (g == null || node.backward() == null) {
                continue;
            }
            Var[] parents = node.parents();
            Var[] parentGrads = rule(node).apply(g, node, parents.clone());
            for (int i = 0; i < parents.length; i++) {
                Var p = parents[i];
                Var pg = parentGrads[i];
                if (pg == null || !relevant.contains(p)) {
                    continue;
                }
                if (!java.util.Arrays.equals(pg.shape(), p.shape())) {
                    throw new IllegalStateException("differentiable backward rule of op '" + node.op()
                            + "' returned shape " + Shapes.str(pg.shape()) + " for input " + i + " of shape "
                            + Shapes.str(p.shape()));
                }
                FiniteCheck.afterBackward(node, i, pg.value());
                Var existing = grads.get(p);
                grads.put(p, existing == null ? pg : existing.add(pg));
            }
        }
        return grads;
    }

    private static DifferentiableBackward rule(Var node) {
        if (node.backward() instanceof DifferentiableBackward d) {
            return d;
        }
        StringBuilder inputs = new StringBuilder();
        for (Var p : node.parents()) {
            inputs.append(inputs.length() == 0 ? "" : ", ").append(p.op()).append(Shapes.str(p.shape()));
        }
        throw new NoDifferentiableRuleException(node.op(), "gradAsVars: op '" + node.op() + "' (inputs ["
                + inputs + "], output " + Shapes.str(node.shape()) + ") has no differentiable backward rule, so a "
                + "gradient through it cannot be differentiated again. Use Grad.grad for first-order gradients, "
                + "or give the op a DifferentiableBackward rule (docs/reference/higher-order.md)");
    }
}
