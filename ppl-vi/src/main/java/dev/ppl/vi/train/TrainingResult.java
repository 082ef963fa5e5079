package dev.ppl.vi.train;

/**
 * The outcome of {@link Trainer#train}, as reported to {@link TrainingListener#onFinish}.
 *
 * @param steps the number of completed steps (the step a resumed run would start from)
 * @param stoppedEarly whether early stopping ended the run before the step budget
 * @param bestEvaluation the best (largest) evaluation seen, or {@code -Infinity} if none
 * @param skippedSteps the number of steps whose update was skipped (over the whole run,
 *     including before a resume)
 */
public record TrainingResult(long steps, boolean stoppedEarly, double bestEvaluation, long skippedSteps) {}
