/**
 * Gradient-estimation strategies, the local rule for one random choice: a sealed
 * {@link dev.ppl.vi.strategy.Strategy} with two open shapes, {@link dev.ppl.vi.strategy.SingleShot}
 * (REPARAM, REINFORCE with baselines, straight-through) and {@link dev.ppl.vi.strategy.MultiShot}
 * (ENUM, MVD with one class per family, users' coupled rules), and ENUM_PARALLEL, handled by the
 * engine. {@link dev.ppl.vi.strategy.ChoiceShape} tells a multi-shot rule which dims of a choice
 * are plate elements and which are coordinates of one joint value.
 */
package dev.ppl.vi.strategy;
