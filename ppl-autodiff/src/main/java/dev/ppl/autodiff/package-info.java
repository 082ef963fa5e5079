/**
 * Reverse-mode automatic differentiation over ND4J tensors: {@link dev.ppl.autodiff.Var} nodes with local chain rules, the reverse pass {@link dev.ppl.autodiff.Grad} (first order, and higher order through {@link dev.ppl.autodiff.Grad#gradAsVars} and the ops' {@link dev.ppl.autodiff.DifferentiableBackward} rules), finite-difference checks ({@link dev.ppl.autodiff.GradCheck}, {@link dev.ppl.autodiff.HessianCheck}), per-step memory arenas ({@link dev.ppl.autodiff.Arena}) and a NaN/Inf debug mode.
 */
package dev.ppl.autodiff;
