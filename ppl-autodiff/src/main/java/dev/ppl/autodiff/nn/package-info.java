/**
 * Neural-network building blocks: named parameters in flat buffers ({@link dev.ppl.autodiff.nn.Params}), initialisers, {@link dev.ppl.autodiff.nn.Linear} layers and {@link dev.ppl.autodiff.nn.Mlp}s.
 */
package dev.ppl.autodiff.nn;
