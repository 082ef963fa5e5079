/**
 * The engine that composes per-choice strategies into a surrogate: runs with replayed prefixes, forks at multi-shot choices, parallel enumeration axes.
 */
package dev.ppl.vi.engine;
