/**
 * Sequential Monte Carlo for state-space models written as an
 * {@link dev.ppl.core.combinators.Unfold}: {@link dev.ppl.vi.smc.SmcSampler} (bootstrap or guided
 * proposals, {@link dev.ppl.vi.smc.Resampling} schemes under a
 * {@link dev.ppl.vi.smc.ResamplingPolicy}), returning particles and \(\log \hat Z\) with
 * \(E[\hat Z] = p(y_{1:T})\), and the same sweep inside objective programs
 * ({@link dev.ppl.vi.smc.SmcSweep}), where the ancestor indices are a random choice with their law
 * ({@link dev.ppl.vi.smc.Ancestors}) and \(\log \hat Z\) a differentiable value. This makes
 * {@link dev.ppl.vi.smc.Fivo} an ordinary objective program, with the standard (biased) gradient or
 * an unbiased one by REINFORCE on the ancestors ({@link dev.ppl.vi.smc.ResamplingGradient}), and the
 * sampler a {@link dev.ppl.vi.approx.PosteriorSampler} for wake-sleep objectives.
 */
package dev.ppl.vi.smc;
