package dev.ppl.vi.spark;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.vi.Expectation;
import java.util.Objects;

/**
 * One group's variational problem, built on an executor by a {@link GroupModel}: maximize the
 * bound \(L(\theta) = E[\text{objective}(\text{data})]\) over {@code params}, e.g. the ELBO
 * \(E_{q_\theta}[\log p(x_g, z) - \log q_\theta(z)] \le \log p(x_g)\) of the group's data \(x_g\).
 * Executor-local, never serialized.
 *
 * @param params the variational parameters \(\theta\)
 * @param objective the bound, an {@link Expectation} of the data
 * @param data the objective's arguments (the group's records, as the program wants them)
 * @param <B> the objective's argument type
 */
public record GroupProblem<B>(Params params, Expectation<B> objective, B data) {
    /** Checks that no component is null. */
    public GroupProblem {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(data, "data");
    }
}
