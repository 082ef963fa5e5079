package dev.ppl.vi.objectives;

import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import java.util.Objects;
import java.util.function.Function;

/**
 * A variational inference problem: a model \(p_\theta(x, z)\), a guide \(q_\phi(z)\) over the
 * model's latent choices, and the observed choices \(x\) (a function of the arguments, so one
 * problem serves every data point or minibatch). Both generative functions take the same
 * arguments; the guide's choices merged with the observations must be a complete choice map of
 * the model, so that {@code model.assess} gives \(\log p_\theta(x, z)\). The objectives of
 * {@link Objectives} are built from it.
 *
 * @param model the model \(p_\theta(x, z)\)
 * @param guide the guide \(q_\phi(z)\), written with {@code Gen.fn} or {@code Plate.of}
 * @param observations the observed choices \(x\) for given arguments
 * @param <A> the arguments of the model and the guide
 */
public record VariationalProblem<A>(GenerativeFunction<A, ?> model, GenerativeFunction<A, ?> guide,
        Function<A, ChoiceMap> observations) {

    /** Checks that no component is null. */
    public VariationalProblem {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(guide, "guide");
        Objects.requireNonNull(observations, "observations");
    }

    /** A problem whose observations do not depend on the arguments. */
    public static <A> VariationalProblem<A> of(GenerativeFunction<A, ?> model, GenerativeFunction<A, ?> guide,
            ChoiceMap observations) {
        Objects.requireNonNull(observations, "observations");
        return new VariationalProblem<>(model, guide, a -> observations);
    }
}
