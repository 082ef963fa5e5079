/**
 * Sequential Monte Carlo for state-space models written as an
 * {@link dev.ppl.core.combinators.Unfold}: {@link dev.ppl.vi.smc.SmcSampler} (bootstrap or guided
 * proposals, {@link dev.ppl.vi.smc.Resampling} schemes under a
 * {@link dev.ppl.vi.smc.ResamplingPolicy}), returning particles and \(\log \hat Z\) with
 * \(E[\hat Z] = p(y_{1:T})\), and the same estimate as a differentiable value inside objective
 * programs, which makes {@link dev.ppl.vi.smc.Fivo} an ordinary objective program.
 */
package dev.ppl.vi.smc;
