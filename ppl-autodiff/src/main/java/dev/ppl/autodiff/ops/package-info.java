/**
 * The differentiable ops, grouped by kind (arithmetic, elementwise functions, trigonometric and
 * special functions, log-space arithmetic, activations, reductions, scans, shapes, indexing,
 * linear algebra, the spatial transformer's image warp); each is a forward computation plus its
 * local chain rule. Ops of several operands broadcast them like NumPy and sum each gradient back
 * to its operand's shape.
 */
package dev.ppl.autodiff.ops;
