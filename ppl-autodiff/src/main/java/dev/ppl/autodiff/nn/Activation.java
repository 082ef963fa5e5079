package dev.ppl.autodiff.nn;

import dev.ppl.autodiff.Var;
import java.util.function.UnaryOperator;

/** Elementwise nonlinearities for {@link Mlp} layers. */
public enum Activation implements UnaryOperator<Var> {
    /** \(x\). */
    IDENTITY { @Override public Var apply(Var x) { return x; } },
    /** \(\max(x, 0)\). */
    RELU { @Override public Var apply(Var x) { return x.relu(); } },
    /** \(\max(x, 0.01x)\). */
    LEAKY_RELU { @Override public Var apply(Var x) { return x.leakyRelu(0.01); } },
    /** \(\tanh x\). */
    TANH { @Override public Var apply(Var x) { return x.tanh(); } },
    /** \(1/(1+e^{-x})\). */
    SIGMOID { @Override public Var apply(Var x) { return x.sigmoid(); } },
    /** \(\log(1+e^x)\). */
    SOFTPLUS { @Override public Var apply(Var x) { return x.softplus(); } }
}
