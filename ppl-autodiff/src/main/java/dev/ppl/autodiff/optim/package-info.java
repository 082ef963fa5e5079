/**
 * First-order optimizers over flat parameter buffers (SGD with momentum, Adam with decoupled weight decay), gradient-norm clipping and saveable optimizer state.
 */
package dev.ppl.autodiff.optim;
