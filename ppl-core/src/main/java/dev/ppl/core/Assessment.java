package dev.ppl.core;

import dev.ppl.autodiff.Var;

/**
 * The result of {@link GenerativeFunction#assess}: the log density \(\log p(\tau; \text{args})\) of
 * a complete set of choices, and the return value of the execution they determine.
 */
public record Assessment<R>(Var logDensity, R retval) {}
