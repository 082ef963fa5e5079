/**
 * Neural-network building blocks: named parameters in flat buffers ({@link dev.ppl.autodiff.nn.Params}),
 * initialisers, {@link dev.ppl.autodiff.nn.Linear} layers, {@link dev.ppl.autodiff.nn.Mlp}s, the
 * recurrent {@link dev.ppl.autodiff.nn.LstmCell} and the {@link dev.ppl.autodiff.nn.AttentionWindow}
 * of Attend-Infer-Repeat.
 */
package dev.ppl.autodiff.nn;
