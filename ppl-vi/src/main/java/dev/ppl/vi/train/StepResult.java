package dev.ppl.vi.train;

/**
 * What happened at one training step, as reported to {@link TrainingListener#onStep}.
 *
 * @param step the 0-based step number
 * @param objective the objective's estimate at this step (the quantity being maximized; may be
 *     non-finite when the step was skipped)
 * @param gradNorm the Euclidean norm of the objective's gradient estimate before clipping
 * @param skipped whether the update was skipped because the value or gradient was not finite
 * @param message why the step was skipped (naming the first parameter with a non-finite
 *     gradient, or the value), or {@code null} for a normal step
 */
public record StepResult(long step, double objective, double gradNorm, boolean skipped, String message) {}
