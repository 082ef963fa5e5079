/**
 * The objective library: ELBO, IWELBO (Burda et al. 2016), VIMCO (Mnih and Rezende 2016), the
 * Rényi bound (Li and Turner 2016) and CUBO (Dieng et al. 2017), each a short
 * {@link dev.ppl.vi.Expectation} program over a {@link dev.ppl.vi.objectives.VariationalProblem};
 * objectives are maximized (CUBO returns the upper bound, to be minimized).
 */
package dev.ppl.vi.objectives;
