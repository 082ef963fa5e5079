package dev.ppl.vi.train;

/**
 * A periodic evaluation of the model during training, e.g. a held-out ELBO computed from the
 * current parameters. Larger values are better (matching the maximized objective); to track a
 * loss, return its negation. Used for reporting and for early stopping.
 */
@FunctionalInterface
public interface Evaluator {
    /** The evaluation after {@code completedSteps} steps. */
    double evaluate(long completedSteps);
}
