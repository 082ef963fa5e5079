package dev.ppl.vi.train;

/**
 * Where a {@link Trainer} gets its batches: the batch for a step is a pure function of the step
 * number, so a run resumed from a checkpoint at step \(n\) sees exactly the batches the
 * uninterrupted run would have seen. Implementations draw any randomness (shuffling) from a
 * seed and the step, never from shared mutable state.
 *
 * @param <B> the batch type, passed as the objective's arguments
 */
@FunctionalInterface
public interface DataSource<B> {
    /** The batch for step {@code step} (0-based); the same step always gives the same batch. */
    B batch(long step);

    /** A source that returns {@code batch} at every step (full-batch training, or no data). */
    static <B> DataSource<B> constant(B batch) {
        return step -> batch;
    }
}
