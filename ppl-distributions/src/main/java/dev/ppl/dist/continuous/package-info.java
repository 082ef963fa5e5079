/**
 * Continuous families, all with reparameterized sampling (explicit for location-scale families, implicit for Gamma, Beta, Dirichlet and StudentT) and relaxed (Concrete) versions of the Bernoulli and Categorical.
 */
package dev.ppl.dist.continuous;
