package dev.ppl.vi.spark;

import java.io.Serializable;
import java.util.List;

/**
 * Builds one group's variational problem from its records, on the executor that holds the
 * group ({@link GroupFits}). This model and what it captures are serialized and shipped: capture
 * sizes and hyperparameters, and build {@code Params}, arrays and programs inside {@link #build}.
 *
 * @param <R> the record type
 * @param <B> the objective's argument type
 */
@FunctionalInterface
public interface GroupModel<R, B> extends Serializable {
    /** The problem for group {@code group} with records {@code records} (all of the group's records). */
    GroupProblem<B> build(String group, List<R> records);
}
