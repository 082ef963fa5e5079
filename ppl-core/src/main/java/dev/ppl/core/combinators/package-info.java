/**
 * Combinators: generative functions built from a kernel generative function, whose operations
 * delegate to the kernel's own Generative Function Interface operations. {@link
 * dev.ppl.core.combinators.MapCombinator} applies a kernel independently to each element of a
 * list (choices of element {@code i} under {@code i/...}); {@link dev.ppl.core.combinators.Unfold}
 * iterates a kernel over a state for a fixed number of steps (choices of step {@code t} under
 * {@code t/...}).
 */
package dev.ppl.core.combinators;
