/**
 * Inference utilities built on the GFI: importance sampling (log marginal likelihood, normalized weights, effective sample size) and sampling importance resampling.
 */
package dev.ppl.core.inference;
