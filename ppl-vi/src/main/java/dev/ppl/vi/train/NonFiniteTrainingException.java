package dev.ppl.vi.train;

/**
 * Training stopped because too many updates were skipped for non-finite values: either
 * {@code maxSkippedInARow} steps in a row, or more than the fraction {@code maxSkippedFraction}
 * of the steps taken (see {@link TrainerBuilder#skipLimits}). A rare non-finite step is skipped
 * (as NumPyro's {@code stable_update}); a persistent one means bad data or a diverged run, and
 * going on would return parameters that were silently never trained. The message names the step,
 * its batch, the first non-finite quantity (objective value, parameter gradient, or data entry)
 * and the counts.
 */
public final class NonFiniteTrainingException extends RuntimeException {
    private final long step;

    NonFiniteTrainingException(long step, String message) {
        super(message);
        this.step = step;
    }

    /** The step (0-based) at which training stopped; its update was not applied. */
    public long step() {
        return step;
    }
}
