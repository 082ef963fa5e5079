/**
 * Programmable variational inference: objectives as {@link dev.ppl.vi.Expectation} programs with unbiased value and gradient estimates.
 */
package dev.ppl.vi;
