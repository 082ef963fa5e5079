package dev.ppl.vi;

import dev.ppl.autodiff.Gradients;

/**
 * One run of a gradient estimator: an unbiased estimate of the objective's value \(L(\theta)\)
 * and of its gradient \(\nabla_\theta L\) with respect to the requested parameters.
 */
public record GradientEstimate(double value, Gradients gradients) {}
