/**
 * Discrete families; the finite ones are enumerable.
 */
package dev.ppl.dist.discrete;
