/**
 * Approximate marginalization and normalization (Becker et al., PLDI 2024):
 * {@link dev.ppl.vi.approx.Marginal}, a variational family whose density integrates out auxiliary
 * choices and is estimated unbiasedly, and {@link dev.ppl.vi.approx.Target}, a model conditioned on
 * observations, sampled and normalized approximately by an
 * {@link dev.ppl.vi.approx.ImportanceSampler} (or, for state-space models, by
 * {@code dev.ppl.vi.smc.SmcSampler}; both are {@link dev.ppl.vi.approx.PosteriorSampler}s). Their
 * estimators run inside objectives, so every random choice they make has a gradient strategy.
 */
package dev.ppl.vi.approx;
