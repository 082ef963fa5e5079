/**
 * The engine that composes per-choice strategies into a surrogate under the dimensions
 * contract: runs with replayed prefixes ({@code Run}), declared plates and frames on every choice
 * and cost, the layout of plate, particle and enumeration dims ({@code Layout}), forks at
 * multi-shot choices ({@code ForkCombination}), and the backward pass that reduces each piece to
 * each score term's plates and weights it by parallel enumerations ({@code SegmentSurrogate}).
 * See docs/design/vi-engine.md.
 */
package dev.ppl.vi.engine;
