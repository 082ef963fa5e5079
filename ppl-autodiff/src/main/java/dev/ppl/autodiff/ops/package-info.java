/**
 * The differentiable ops, grouped by kind (arithmetic, elementwise functions, activations, reductions, shapes, indexing, linear algebra); each is a forward computation plus its local chain rule.
 */
package dev.ppl.autodiff.ops;
