/**
 * Examples of the ppl library as a command line: a VAE and an IWAE on MNIST, and a VAE with
 * discrete latents whose gradient strategy is chosen on the command line, and a benchmark of the
 * library's VAE training step against a hand-coded ND4J one.
 */
package dev.ppl.examples;
