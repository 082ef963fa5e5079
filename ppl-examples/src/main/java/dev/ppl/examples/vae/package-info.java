/**
 * The example models (a Gaussian-latent VAE and a VAE with Bernoulli latents), per-image bounds,
 * objective names parsed from the command line, and held-out evaluation.
 */
package dev.ppl.examples.vae;
