/**
 * The variance benchmark of the {@code variance} command: gradient estimators of one ELBO with
 * discrete and continuous latents ({@link dev.ppl.examples.variance.MixtureModel}), measured
 * against its exact gradient ({@link dev.ppl.examples.variance.VarianceStudy}).
 */
package dev.ppl.examples.variance;
