/**
 * Reverse-mode automatic differentiation over ND4J tensors: {@link dev.ppl.autodiff.Var} nodes with local chain rules, the reverse pass {@link dev.ppl.autodiff.Grad}, finite-difference checks ({@link dev.ppl.autodiff.GradCheck}), per-step memory arenas ({@link dev.ppl.autodiff.Arena}) and a NaN/Inf debug mode.
 */
package dev.ppl.autodiff;
