package dev.ppl.core;

import dev.ppl.autodiff.Var;

/**
 * The result of {@link GenerativeFunction#generate}: a trace consistent with the constraints and
 * the log importance weight \(\log p(\tau) - \log q(\tau_{\text{free}})\) (with the internal
 * proposal \(q\) being the prior, this is the log density of the constrained choices).
 */
public record Generated<A, R>(Trace<A, R> trace, Var weight) {}
