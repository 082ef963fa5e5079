/**
 * Examples of the ppl library as a command line: a VAE and an IWAE on MNIST, and a VAE with
 * discrete latents whose gradient strategy is chosen on the command line.
 */
package dev.ppl.examples;
