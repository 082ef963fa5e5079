package dev.ppl.vi.engine;

import dev.ppl.autodiff.Var;

/**
 * A value a run handed to the program, replayed by the continuations run after it: a choice's
 * value (a parallel-enumerated one with its enumeration size, so the replaying run allocates
 * the same dim), or a nested expectation's surrogate.
 *
 * @param value the value
 * @param enumerationSize the size of the value's enumeration dim, or 0 if it is not enumerated
 */
record Recorded(Var value, long enumerationSize) {}
