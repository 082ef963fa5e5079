package dev.ppl.vi.train;

import java.nio.file.Path;

/**
 * Callbacks from a {@link Trainer}; every method defaults to doing nothing, so a listener
 * overrides only what it needs. Progress bars, logging and metric collection are listeners.
 * Callbacks run on the training thread, between steps.
 */
public interface TrainingListener {
    /** After every step, including skipped ones. */
    default void onStep(StepResult result) {}

    /** After each evaluation; {@code completedSteps} steps have been taken. */
    default void onEvaluation(long completedSteps, double value) {}

    /** After a checkpoint holding {@code completedSteps} steps has been written to {@code path}. */
    default void onCheckpoint(long completedSteps, Path path) {}

    /** Once, when training ends (step budget reached or early stop). */
    default void onFinish(TrainingResult result) {}
}
