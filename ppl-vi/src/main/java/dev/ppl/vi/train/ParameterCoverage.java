package dev.ppl.vi.train;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Params;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check, on a trainer's first step, that the objective and the {@link Params} it trains
 * agree: every gradient-receiving leaf of the surrogate \(T\) ({@link Grad#parametersOf}) is one
 * of the {@code Params} (a foreign leaf's gradient would be computed and thrown away), and every
 * one of the {@code Params} is reached by \(T\) (an unreached one would silently keep its initial
 * value). Either is an error unless {@link TrainerBuilder#allowUntrainedParameters()} (for a
 * {@link GradientSource}, the source's own switch) says that another optimizer trains or nothing
 * should train them.
 */
public final class ParameterCoverage {
    private ParameterCoverage() {}

    /**
     * Checks that the gradient-receiving leaves of {@code surrogate} are exactly {@code params}.
     * Public for {@link GradientSource}s that estimate elsewhere (Spark's) and check on a replica.
     *
     * @throws IllegalStateException naming the unreached parameters and the shapes of the
     *     foreign leaves
     */
    public static void require(Var surrogate, Params params) {
        Set<Var> leaves = Grad.parametersOf(surrogate);
        Map<Var, String> names = new IdentityHashMap<>();
        for (String n : params.names()) {
            names.put(params.get(n), n);
        }
        List<String> foreign = new ArrayList<>();
        for (Var leaf : leaves) {
            if (!names.containsKey(leaf)) {
                foreign.add(Arrays.toString(leaf.shape()));
            }
        }
        Set<Var> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        reached.addAll(leaves);
        List<String> unreached = new ArrayList<>();
        for (String n : params.names()) {
            if (!reached.contains(params.get(n))) {
                unreached.add("'" + n + "'");
            }
        }
        List<String> problems = new ArrayList<>();
        if (!foreign.isEmpty()) {
            problems.add("the objective depends on " + foreign.size() + " trainable Var(s) that are not in the trainer's "
                    + "Params (shapes " + String.join(", ", foreign) + "), whose gradients would be discarded: create them "
                    + "with Params.builder(...).add(...) and use params.get(name), or wrap them in stopGradient()");
        }
        if (!unreached.isEmpty()) {
            problems.add("no gradient path reaches parameter(s) " + String.join(", ", unreached) + " of "
                    + params.names().size() + ", so training would leave them at their initial values: check that the "
                    + "model or guide uses them (and not a copy or a detached value)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Trainer: " + String.join("; and ", problems)
                    + ". If this is intended (another optimizer trains them), build the trainer with "
                    + "allowUntrainedParameters()");
        }
    }
}
