/**
 * Posterior predictive sampling (as Pyro's and NumPyro's {@code Predictive}):
 * {@link dev.ppl.vi.predictive.Predictive} draws \(N\) joint samples
 * \(x^{(s)} \sim q\) (a guide, or given posterior samples) and \(y^{(s)} \sim p(y \mid x^{(s)})\)
 * from the model, stacked along a leading sample dim; {@link dev.ppl.vi.predictive.PredictiveSummary}
 * summarizes each site over that dim (mean, standard deviation, quantiles).
 */
package dev.ppl.vi.predictive;
