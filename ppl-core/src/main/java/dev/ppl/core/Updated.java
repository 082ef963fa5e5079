package dev.ppl.core;

import dev.ppl.autodiff.Var;

/**
 * The result of {@link GenerativeFunction#update} and {@link GenerativeFunction#regenerate}: the
 * new trace, the log weight (see those methods) and the previous values of the choices that
 * were overwritten or are no longer visited.
 */
public record Updated<A, R>(Trace<A, R> trace, Var weight, ChoiceMap discard) {}
