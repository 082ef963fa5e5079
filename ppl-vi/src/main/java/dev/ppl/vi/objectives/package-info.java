/**
 * The objective library: ELBO, IWELBO (Burda et al. 2016), VIMCO (Mnih and Rezende 2016), the
 * Rényi bound (Li and Turner 2016) and CUBO (Dieng et al. 2017) in
 * {@link dev.ppl.vi.objectives.Objectives}; HVI, IWHVI and DIWHVI over marginal guides in
 * {@link dev.ppl.vi.objectives.HierarchicalObjectives}; reweighted wake-sleep in
 * {@link dev.ppl.vi.objectives.WakeSleep}. Each is a short {@link dev.ppl.vi.Expectation} program;
 * objectives are maximized (CUBO returns the upper bound, to be minimized).
 */
package dev.ppl.vi.objectives;
