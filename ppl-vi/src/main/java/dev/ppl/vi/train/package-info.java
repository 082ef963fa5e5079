/**
 * Training loops for variational objectives: {@link dev.ppl.vi.train.Trainer} maximizes an
 * {@link dev.ppl.vi.Expectation} over the parameters of a {@code Params} with deterministic
 * per-step keys and batches ({@link dev.ppl.vi.train.DataSource},
 * {@link dev.ppl.vi.train.Minibatches}), a non-finite-gradient guard, gradient clipping,
 * periodic evaluation with early stopping, listeners, and atomic checkpoints that resume
 * bit-exactly.
 */
package dev.ppl.vi.train;
