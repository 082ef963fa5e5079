package dev.ppl.autodiff;

import dev.ppl.autodiff.kernels.Kernels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reverse pass. For an output \(y\) and a seed \(\bar{y}\) (1 for a scalar output) it
 * returns \(\bar{v} = \sum_{\text{paths}} \bar{y}\,\partial y / \partial v\) for every requested
 * node \(v\): the vector-Jacobian product, exact up to floating point.
 *
 * <p>Algorithm:
 * <ol>
 *   <li>Walk the graph from the output, keeping only nodes through which a gradient reaches a
 *       requested node.</li>
 *   <li>Visit those nodes in reverse creation order (a node is always created after its
 *       parents, so this is a reverse topological order, valid for any DAG).</li>
 *   <li>At each node apply its {@link Backward} rule to its accumulated gradient and add the
 *       results to its parents' gradients; a node's gradient is dropped once used unless it
 *       was requested.</li>
 * </ol>
 * Nothing is retained after the call: the graph is released with the output.
 */
public final class Grad {
    private Grad() {}

    /**
     * The parameters ({@link Var#param} leaves) that a gradient of {@code output} reaches: the
     * leaves with {@code requiresGrad} among its ancestors, by identity.
     */
    public static Set<Var> parametersOf(Var output) {
        return parametersOf(output, v -> false);
    }

    /**
     * The parameters {@code output} depends on through paths that do not pass through a value
     * for which {@code boundary} holds (such values and what lies behind them are not followed).
     */
    public static Set<Var> parametersOf(Var output, java.util.function.Predicate<Var> boundary) {
        Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Var> params = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Var> stack = new ArrayDeque<>();
        if (output.requiresGrad()) {
            stack.push(output);
        }
        while (!stack.isEmpty()) {
            Var v = stack.pop();
            if (!seen.add(v) || boundary.test(v)) {
                continue;
            }
            Var[] parents = v.parents();
            if (parents.length == 0 && v.requiresGrad()) {
                params.add(v);
            }
            for (Var p : parents) {
                if (p.requiresGrad()) {
                    stack.push(p);
                }
            }
        }
        return params;
    }

    /** Gradients of a one-element output with respect to {@code wrt}. */
    public static Gradients grad(Var output, Var... wrt) {
        return grad(output, Arrays.asList(wrt));
    }

    /** Gradients of a one-element output with respect to {@code wrt}. */
    public static Gradients grad(Var output, Collection<Var> wrt) {
        if (output.length() != 1) {
            throw new IllegalArgumentException("grad: output of op '" + output.op() + "' has shape "
                    + Shapes.str(output.shape()) + "; reduce it to one element (sum, mean) or pass a seed");
        }
        return grad(output, unitSeed(output), wrt);
    }

    /**
     * Writes \(\partial y/\partial v\) of a one-element output into {@code destinations.get(v)}
     * for every key {@code v} (arrays of each node's shape, e.g. views into a flat gradient
     * buffer; zeros where the output does not depend on {@code v}). Ops whose rule is a
     * {@link BackwardInto} write the gradient in place, without an intermediate copy.
     */
    public static void gradInto(Var output, Map<Var, INDArray> destinations) {
        gradInto(output, 1.0, destinations);
    }

    /**
     * As {@link #gradInto(Var, Map)} with the seed {@code scale} instead of 1: writes
     * {@code scale · ∂output/∂v} into each destination. The scale enters the reverse pass once, at
     * the output, so e.g. {@code scale = -1} gives the gradient of {@code -output} without an
     * extra pass over the gradients.
     */
    public static void gradInto(Var output, double scale, Map<Var, INDArray> destinations) {
        if (output.length() != 1) {
            throw new IllegalArgumentException("gradInto: output of op '" + output.op() + "' has shape "
                    + Shapes.str(output.shape()) + "; reduce it to one element (sum, mean)");
        }
        for (Map.Entry<Var, INDArray> e : destinations.entrySet()) {
            if (!Arrays.equals(e.getKey().shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("gradInto: destination shape " + Shapes.str(e.getValue().shape())
                        + " differs from the shape " + Shapes.str(e.getKey().shape()) + " of " + e.getKey());
            }
        }
        Map<Var, INDArray> grads = run(output, seed(output, scale), destinations.keySet(), destinations);
        for (Map.Entry<Var, INDArray> e : destinations.entrySet()) {
            INDArray g = grads.get(e.getKey());
            if (g == null) {
                e.getValue().assign(0);
            } else if (g != e.getValue()) {
                e.getValue().assign(g);
            }
        }
    }

    /** The vector-Jacobian product {@code seed · ∂output/∂v} for each {@code v} in {@code wrt}. */
    public static Gradients grad(Var output, INDArray seed, Collection<Var> wrt) {
        if (!Arrays.equals(seed.shape(), output.shape())) {
            throw new IllegalArgumentException("grad: seed shape " + Shapes.str(seed.shape())
                    + " differs from output shape " + Shapes.str(output.shape()) + " (op '" + output.op() + "')");
        }
        Map<Var, INDArray> grads = run(output, seed, wrt, Map.of());
        Map<Var, INDArray> result = new IdentityHashMap<>();
        for (Var t : wrt) {
            INDArray g = grads.get(t);
            if (g != null) {
                result.put(t, g);
            }
        }
        return new Gradients(result);
    }

    /**
     * Gradients of a one-element output that are themselves differentiable: each
     * \(\partial y/\partial v\) is a {@link Var} in the graph, built from the ops'
     * {@link DifferentiableBackward} rules, so a function of it can be differentiated again (like
     * PyTorch's {@code create_graph=True}). For example the Hessian-vector product
     * \(H u = \nabla_\theta (\nabla_\theta y \cdot u)\) is
     * {@code Grad.grad(Grad.gradAsVars(y, theta).get(theta).mul(u).sum(), theta)}. The values
     * equal {@link #grad}'s up to rounding; the pass costs about one forward pass more than
     * {@link #grad} and leaves {@link #grad} itself unchanged.
     *
     * @throws NoDifferentiableRuleException naming the op and its shapes if a gradient path
     *     passes through an op that has only a first-order (array) rule
     */
    public static VarGradients gradAsVars(Var output, Var... wrt) {
        return gradAsVars(output, Arrays.asList(wrt));
    }

    /** As {@link #gradAsVars(Var, Var...)} for a collection of nodes. */
    public static VarGradients gradAsVars(Var output, Collection<Var> wrt) {
        if (output.length() != 1) {
            throw new IllegalArgumentException("gradAsVars: output of op '" + output.op() + "' has shape "
                    + Shapes.str(output.shape()) + "; reduce it to one element (sum, mean) or pass a seed");
        }
        return gradAsVars(output, Var.constant(unitSeed(output)), wrt);
    }

    /**
     * The vector-Jacobian product \(\bar y \cdot \partial y/\partial v\) for each {@code v} in
     * {@code wrt}, as differentiable {@link Var}s; the seed \(\bar y\) (of the output's shape) may
     * itself depend on parameters, and the result is differentiable in it too.
     */
    public static VarGradients gradAsVars(Var output, Var seed, Collection<Var> wrt) {
        if (!Arrays.equals(seed.shape(), output.shape())) {
            throw new IllegalArgumentException("gradAsVars: seed shape " + Shapes.str(seed.shape())
                    + " differs from output shape " + Shapes.str(output.shape()) + " (op '" + output.op() + "')");
        }
        Map<Var, Var> grads = DifferentiablePass.run(output, seed, wrt);
        Map<Var, Var> result = new IdentityHashMap<>();
        for (Var t : wrt) {
            Var g = grads.get(t);
            if (g != null) {
                result.put(t, g);
            }
        }
        return new VarGradients(result);
    }

    /**
     * The reverse pass proper: accumulated gradients of the targets. A target with a destination
     * that has exactly one consumer may receive its gradient written in place by a
     * {@link BackwardInto} rule (the returned map then holds the destination array itself).
     */
    private static Map<Var, INDArray> run(Var output, INDArray seed, Collection<Var> wrt, Map<Var, INDArray> destinations) {
        Set<Var> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        targets.addAll(wrt);
        Map<Var, Integer> consumers = new IdentityHashMap<>();
        List<Var> order = relevantNodes(output, targets, consumers);
        Map<Var, INDArray> grads = new IdentityHashMap<>();
        Set<Var> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        if (!order.isEmpty()) {
            grads.put(output, seed);
        }
        Set<Var> relevant = Collections.newSetFromMap(new IdentityHashMap<>());
        relevant.addAll(order);
        for (Var node : order) {
            INDArray g = targets.contains(node) ? grads.get(node) : grads.remove(node);
            if (g == null || node.backward() == null) {
                continue;
            }
            Var[] parents = node.parents();
            INDArray[] parentGrads;
            if (node.backward() instanceof BackwardInto into && !destinations.isEmpty()) {
                INDArray[] outputs = new INDArray[parents.length];
                for (int i = 0; i < parents.length; i++) {
                    INDArray dest = destinations.get(parents[i]);
                    if (dest != null && consumers.getOrDefault(parents[i], 0) == 1) {
                        outputs[i] = dest;
                    }
                }
                parentGrads = into.apply(g, outputs);
            } else {
                parentGrads = node.backward().apply(g);
            }
            for (int i = 0; i < parents.length; i++) {
                Var p = parents[i];
                INDArray pg = parentGrads[i];
                if (pg == null || !relevant.contains(p)) {
                    continue;
                }
                if (!Arrays.equals(pg.shape(), p.value().shape())) {
                    throw new IllegalStateException("backward rule of op '" + node.op() + "' returned shape "
                            + Shapes.str(pg.shape()) + " for input " + i + " of shape " + Shapes.str(p.shape()));
                }
                FiniteCheck.afterBackward(node, i, pg);
                accumulate(grads, owned, p, pg);
            }
        }
        return grads;
    }

    private static INDArray seed(Var output, double scale) {
        return output.rank() == 0 ? Arena.scalar(output.dtype(), scale) : Nd4j.valueArrayOf(output.shape(), scale, output.dtype());
    }

    private static INDArray unitSeed(Var output) {
        return output.rank() == 0 ? Nd4j.scalar(output.dtype(), 1.0) : Nd4j.onesLike(output.value());
    }

    private static void accumulate(Map<Var, INDArray> grads, Set<Var> owned, Var p, INDArray g) {
        INDArray existing = grads.get(p);
        if (existing == null) {
            grads.put(p, g);
        } else if (owned.contains(p)) {
            Kernels.addInPlace(existing, g);
        } else {
            grads.put(p, Kernels.add(existing, g));
            owned.add(p);
        }
    }

    /** Nodes from which a gradient path reaches a target, sorted by decreasing creation order. */
    static List<Var> relevantNodes(Var output, Set<Var> targets, Map<Var, Integer> consumers) {
        Map<Var, Boolean> reaches = new IdentityHashMap<>();
        ArrayDeque<Var> stack = new ArrayDeque<>();
        ArrayDeque<Boolean> expanded = new ArrayDeque<>();
        if (output.requiresGrad()) {
            stack.push(output);
            expanded.push(false);
        }
        while (!stack.isEmpty()) {
            Var v = stack.pop();
            boolean done = expanded.pop();
            if (done) {
                boolean r = targets.contains(v);
                for (Var p : v.parents()) {
                    r |= Boolean.TRUE.equals(reaches.get(p));
                }
                reaches.put(v, r);
                continue;
            }
            if (reaches.containsKey(v)) {
                continue;
            }
            reaches.put(v, false);
            stack.push(v);
            expanded.push(true);
            for (Var p : v.parents()) {
                if (p.requiresGrad() && !reaches.containsKey(p)) {
                    stack.push(p);
                    expanded.push(false);
                }
            }
        }
        List<Var> order = new ArrayList<>();
        for (Map.Entry<Var, Boolean> e : reaches.entrySet()) {
            if (e.getValue()) {
                order.add(e.getKey());
                for (Var p : e.getKey().parents()) {
                    consumers.merge(p, 1, Integer::sum);
                }
            }
        }
        order.sort((a, b) -> Long.compare(b.seq(), a.seq()));
        return order;
    }
}
