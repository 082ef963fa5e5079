/**
 * The {@code bench} command's measurement: one training step of the {@code vae} model through the
 * library ({@link dev.ppl.examples.bench.LibraryVaeStep}) against the same step hand-coded in
 * plain ND4J ({@link dev.ppl.examples.bench.HandCodedVae}), timed side by side
 * ({@link dev.ppl.examples.bench.VaeBenchmark}), with a PyTorch reference of the same step
 * ({@link dev.ppl.examples.bench.TorchReference}) where torch is installed;
 * {@link dev.ppl.examples.bench.StepProfile} splits the library's step into its costs.
 */
package dev.ppl.examples.bench;
