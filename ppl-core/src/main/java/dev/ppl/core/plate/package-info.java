/**
 * Vectorized plates: a generative function over a leading batch axis with per-element scores and likelihood scaling for data subsampling.
 */
package dev.ppl.core.plate;
