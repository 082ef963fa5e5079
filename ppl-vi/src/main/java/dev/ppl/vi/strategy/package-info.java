/**
 * Gradient-estimation strategies, the local rule for one random choice: REPARAM, REINFORCE with baselines, ENUM, ENUM_PARALLEL and MVD; {@link dev.ppl.vi.strategy.Strategy} is the extension point.
 */
package dev.ppl.vi.strategy;
